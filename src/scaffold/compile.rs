//! Templates compiled with nunjucks' semantics. nunjucks turns a template
//! into JavaScript and runs it, so its operators, property lookups and
//! loops behave as JavaScript's (and bind as JavaScript binds them:
//! `not a == b` is `(!a) == b`). plat parses a template with minijinja,
//! rewrites the syntax tree so that each of those operations calls the
//! function of [`super::js`] that does what JavaScript does, and runs the
//! rewritten tree on minijinja's machine. Everything else (filters, macros,
//! whitespace control, `raw`) stays minijinja's.

use std::borrow::Cow;
use std::cell::Cell;
use std::sync::LazyLock;

use minijinja::machinery::ast::{self, CallArg, Expr, Spanned, Stmt};
use minijinja::machinery::{self, CodeGenerator, Span, Token};
use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Value};
use regex::Regex;

use super::js::{self, Arith, Relation};
use super::js_methods;

/// A template or expression that failed, with where (a byte offset into
/// its source) when minijinja knows.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub offset: Option<usize>,
    pub line: Option<usize>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        let message = match (error.kind(), error.detail()) {
            (ErrorKind::InvalidOperation, Some(detail)) => detail.to_string(),
            (kind, Some(detail)) => format!("{kind}: {detail}"),
            (kind, None) => kind.to_string(),
        };
        Failure {
            message,
            offset: error.range().map(|r| r.start),
            line: error.line(),
        }
    }
}

impl Failure {
    /// "Unable to call `foo`" names what was called as written
    /// (`values.name.foo`), as nunjucks does; the failure's position is
    /// where that is written.
    fn naming_callees(mut self, source: &str) -> Failure {
        const PREFIX: &str = "Unable to call `";
        let (Some(offset), Some(rest)) = (self.offset, self.message.strip_prefix(PREFIX)) else {
            return self;
        };
        let Some(written) = source.get(offset..).map(callee) else {
            return self;
        };
        if let Some((name, after)) = rest.split_once('`')
            && !written.is_empty()
            && written.ends_with(name)
        {
            self.message = format!("{PREFIX}{written}`{after}");
        }
        self
    }
}

/// The callee at the start of `text`: everything up to the `(` that
/// starts its arguments (brackets and strings skipped).
fn callee(text: &str) -> &str {
    let mut depth = 0usize;
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (None, '(') if depth == 0 => return text[..i].trim_end(),
            _ => {}
        }
    }
    ""
}

/// A tag minijinja has and nunjucks does not, in nunjucks' words.
fn unsupported(tag: &str, span: Span) -> Failure {
    refuse(
        format!(
            "unknown block tag: {tag} (Backstage's template engine, nunjucks, has no `{{% {tag} %}}`)"
        ),
        span,
    )
}

/// How many names an assignment target unpacks into (`for k, v`: 2), 0
/// for one name.
fn names(target: &Expr<'_>) -> usize {
    match target {
        Expr::Tuple(t) => t.items.len(),
        Expr::List(l) => l.items.len(),
        _ => 0,
    }
}

fn refuse(message: String, span: Span) -> Failure {
    Failure {
        message,
        offset: Some(span.start_offset as usize),
        line: Some(span.start_line as usize),
    }
}

/// The functions the rewritten templates call, and JavaScript's methods.
pub fn register(env: &mut Environment<'static>) {
    env.add_function("js:add", |a: Value, b: Value| js::add(&a, &b));
    env.add_function("js:concat", |a: Value, b: Value| js::concat(&a, &b));
    for (name, op) in [
        ("js:sub", Arith::Sub),
        ("js:mul", Arith::Mul),
        ("js:div", Arith::Div),
        ("js:floordiv", Arith::FloorDiv),
        ("js:rem", Arith::Rem),
        ("js:pow", Arith::Pow),
    ] {
        env.add_function(name, move |a: Value, b: Value| js::arith(op, &a, &b));
    }
    env.add_function("js:neg", |a: Value| js::negate(&a));
    env.add_function("js:not", |a: Value| !js::truthy(&a));
    env.add_function("js:truthy", |a: Value| js::truthy(&a));
    env.add_function("js:keep_truth", js::keep_truth);
    env.add_function("js:eq", |a: Value, b: Value| js::loose_eq(&a, &b));
    env.add_function("js:ne", |a: Value, b: Value| !js::loose_eq(&a, &b));
    env.add_function("js:strict_eq", |a: Value, b: Value| js::strict_eq(&a, &b));
    env.add_function("js:strict_ne", |a: Value, b: Value| !js::strict_eq(&a, &b));
    for (name, op) in [
        ("js:lt", Relation::Lt),
        ("js:lte", Relation::Lte),
        ("js:gt", Relation::Gt),
        ("js:gte", Relation::Gte),
    ] {
        env.add_function(name, move |a: Value, b: Value| js::relation(op, &a, &b));
    }
    env.add_function("js:in", |key: Value, container: Value| {
        js::contains(&key, &container)
    });
    env.add_function("js:member", |object: Value, key: Value| {
        js::member(&object, &key)
    });
    env.add_function("js:iterate", |value: Value, names: usize| {
        js::iterate(&value, names)
    });
    env.add_function("js:repeat", |value: Value, times: usize| {
        Value::from(vec![value; times])
    });
    env.add_function("js:uncallable", |name: String| -> Result<Value, Error> {
        Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("Unable to call `{name}`, which is undefined or falsey"),
        ))
    });
    env.set_unknown_method_callback(|_state, value, method, args| {
        js_methods::call(value, method, args)
    });
}

/// Renders `source` (a template in `syntax`) with `context`.
pub fn render(
    env: &Environment<'static>,
    syntax: &SyntaxConfig,
    cookiecutter: bool,
    source: &str,
    context: Value,
) -> Result<String, Failure> {
    let mut out = String::with_capacity(source.len());
    run(env, Some(syntax), cookiecutter, source, context, &mut out)?;
    Ok(out)
}

/// Evaluates `source`, an expression (the inside of `${{ }}`).
pub fn eval(
    env: &Environment<'static>,
    cookiecutter: bool,
    source: &str,
    context: Value,
) -> Result<Value, Failure> {
    let value = run(env, None, cookiecutter, source, context, &mut String::new())?;
    Ok(value.unwrap_or(Value::UNDEFINED))
}

/// Parses `source` (a template in `syntax`, or an expression), rewrites
/// it and runs it; a template writes to `out`, an expression returns its
/// value.
fn run(
    env: &Environment<'static>,
    syntax: Option<&SyntaxConfig>,
    cookiecutter: bool,
    source: &str,
    context: Value,
    out: &mut String,
) -> Result<Option<Value>, Failure> {
    let default_syntax = SyntaxConfig::default();
    let respelled = respell(source, syntax.is_none(), syntax.unwrap_or(&default_syntax))?;
    let rewriter = Rewriter {
        source,
        cookiecutter,
        loops: Cell::new(0),
    };
    let mut generator = CodeGenerator::new("<template>", &respelled);
    match syntax {
        Some(syntax) => {
            let tree = machinery::parse(&respelled, "<template>", syntax.clone())?;
            generator.compile_stmt(&rewriter.stmt(&tree)?);
        }
        None => {
            let expr = machinery::parse_expr(&respelled)?;
            generator.compile_expr(&rewriter.expr(&expr)?);
        }
    }
    let (instructions, blocks) = generator.finish();
    machinery::eval(
        env,
        &instructions,
        context,
        &blocks,
        &mut machinery::make_string_output(out),
        AutoEscape::None,
    )
    .map(|(value, _)| value)
    .map_err(|e| Failure::from(e).naming_callees(source))
}

/// nunjucks' spellings minijinja does not read, respelled in place (so that
/// every position stays where it was): `===` and `!==` (minijinja reads
/// `==` then `=`; the third character becomes a space, and the rewrite
/// finds the strict operators in the original text), `{% elseif %}` (as
/// `elif`) and `{% verbatim %}` (as `raw`). Its regular expressions
/// (`r/-/g`), which minijinja would read as divisions, are refused.
fn respell<'s>(
    source: &'s str,
    in_expr: bool,
    syntax: &SyntaxConfig,
) -> Result<Cow<'s, str>, Failure> {
    // One pass over the text (most templates have none of these).
    static SPELLINGS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new("===|!==|elseif|verbatim|r/").expect("static regex"));
    if !SPELLINGS.is_match(source) {
        return Ok(Cow::Borrowed(source));
    }
    let mut bytes = source.as_bytes().to_vec();
    let mut previous: Option<(Token<'_>, Span)> = None;
    let mut respell = |span: Span, with: &str| {
        let at = span.start_offset as usize;
        let padded = format!(
            "{with:width$}",
            width = (span.end_offset - span.start_offset) as usize
        );
        bytes[at..at + padded.len()].copy_from_slice(padded.as_bytes());
    };
    for token in machinery::tokenize(source, in_expr, syntax.clone()) {
        let Ok((token, span)) = token else { break };
        let adjacent = previous
            .as_ref()
            .is_some_and(|(_, p)| p.end_offset == span.start_offset);
        match (&previous, &token) {
            (Some((Token::Eq | Token::Ne, _)), Token::Assign) if adjacent => respell(span, " "),
            (Some((Token::Ident("r"), r)), Token::Div) if adjacent => {
                return Err(refuse(
                    "plat does not support nunjucks' regular expressions (`r/.../`): use a string (`.replace(\"-\", \"_\")`, `.replaceAll()`, `.split()`) or the `replace` filter".into(),
                    *r,
                ));
            }
            (Some((Token::BlockStart, _)), Token::Ident("elseif")) => respell(span, "elif"),
            (Some((Token::BlockStart, _)), Token::Ident("verbatim")) => respell(span, "raw"),
            (Some((Token::BlockStart, _)), Token::Ident("endverbatim")) => respell(span, "endraw"),
            _ => {}
        }
        previous = Some((token, span));
    }
    Ok(Cow::Owned(
        String::from_utf8(bytes).unwrap_or_else(|_| source.to_string()),
    ))
}

/// The JavaScript operators an expression's operators become, and their
/// precedence in JavaScript (higher binds tighter).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Or,
    And,
    Eq,
    Ne,
    StrictEq,
    StrictNe,
    Lt,
    Lte,
    Gt,
    Gte,
    Add,
    Sub,
    Concat,
    Mul,
    Div,
    Rem,
}

impl Op {
    fn precedence(self) -> u8 {
        match self {
            Op::Or => 1,
            Op::And => 2,
            Op::Eq | Op::Ne | Op::StrictEq | Op::StrictNe => 3,
            Op::Lt | Op::Lte | Op::Gt | Op::Gte => 4,
            Op::Add | Op::Sub | Op::Concat => 5,
            Op::Mul | Op::Div | Op::Rem => 6,
        }
    }

    fn function(self) -> &'static str {
        match self {
            Op::Or | Op::And => unreachable!("and/or stay minijinja's"),
            Op::Eq => "js:eq",
            Op::Ne => "js:ne",
            Op::StrictEq => "js:strict_eq",
            Op::StrictNe => "js:strict_ne",
            Op::Lt => "js:lt",
            Op::Lte => "js:lte",
            Op::Gt => "js:gt",
            Op::Gte => "js:gte",
            Op::Add => "js:add",
            Op::Sub => "js:sub",
            Op::Concat => "js:concat",
            Op::Mul => "js:mul",
            Op::Div => "js:div",
            Op::Rem => "js:rem",
        }
    }
}

/// An operation nunjucks writes as an infix JavaScript operator.
fn infix(op: ast::BinOpKind) -> Option<Op> {
    use ast::BinOpKind as B;
    Some(match op {
        B::ScOr => Op::Or,
        B::ScAnd => Op::And,
        B::Eq => Op::Eq,
        B::Ne => Op::Ne,
        B::Lt => Op::Lt,
        B::Lte => Op::Lte,
        B::Gt => Op::Gt,
        B::Gte => Op::Gte,
        B::Add => Op::Add,
        B::Sub => Op::Sub,
        B::Concat => Op::Concat,
        B::Mul => Op::Mul,
        B::Div => Op::Div,
        B::Rem => Op::Rem,
        B::FloorDiv | B::Pow | B::In => return None,
    })
}

/// Operations minijinja's parser makes from a comparison (whose spans
/// start a token early).
fn from_comparison(op: ast::BinOpKind) -> bool {
    use ast::BinOpKind as B;
    matches!(op, B::Eq | B::Ne | B::Lt | B::Lte | B::Gt | B::Gte | B::In)
}

fn compare_op(op: ast::CompareOpKind) -> Option<Op> {
    use ast::CompareOpKind as C;
    Some(match op {
        C::Eq => Op::Eq,
        C::Ne => Op::Ne,
        C::Lt => Op::Lt,
        C::Lte => Op::Lte,
        C::Gt => Op::Gt,
        C::Gte => Op::Gte,
        C::In | C::NotIn => return None,
    })
}

/// One piece of an operator chain as JavaScript reads it.
enum Piece<'a> {
    Operand(Expr<'a>),
    Op(Op),
    /// `!`, which binds to the operand after it.
    Not(Span),
}

/// From the start of `first` to the end of `last`.
fn join(first: Span, last: Span) -> Span {
    Span {
        end_line: last.end_line,
        end_col: last.end_col,
        end_offset: last.end_offset,
        ..first
    }
}

fn var<'a>(name: &'a str, span: Span) -> Expr<'a> {
    Expr::Var(Spanned::new(ast::Var { id: name }, span))
}

fn constant<'a>(value: Value, span: Span) -> Expr<'a> {
    Expr::Const(Spanned::new(ast::Const { value }, span))
}

fn call<'a>(function: &'a str, args: Vec<Expr<'a>>, span: Span) -> Expr<'a> {
    Expr::Call(Spanned::new(
        ast::Call {
            expr: var(function, span),
            args: args.into_iter().map(CallArg::Pos).collect(),
        },
        span,
    ))
}

struct Rewriter<'s> {
    /// The template as written (with `===`).
    source: &'s str,
    cookiecutter: bool,
    /// How many `{% for %}` bodies the rewrite is in (where `loop` is the
    /// loop's).
    loops: Cell<usize>,
}

/// What minijinja's `loop` has and nunjucks' does not.
const JINJA_LOOP_ONLY: &[&str] = &[
    "depth", "depth0", "previtem", "nextitem", "cycle", "changed",
];

impl Rewriter<'_> {
    fn stmts<'a>(&self, stmts: &[Stmt<'a>]) -> Result<Vec<Stmt<'a>>, Failure> {
        stmts.iter().map(|s| self.stmt(s)).collect()
    }

    fn stmt<'a>(&self, stmt: &Stmt<'a>) -> Result<Stmt<'a>, Failure> {
        Ok(match stmt {
            Stmt::Template(t) => Stmt::Template(Spanned::new(
                ast::Template {
                    children: self.stmts(&t.children)?,
                },
                t.span(),
            )),
            Stmt::EmitExpr(e) => Stmt::EmitExpr(Spanned::new(
                ast::EmitExpr {
                    expr: self.expr(&e.expr)?,
                },
                e.span(),
            )),
            Stmt::EmitRaw(r) => Stmt::EmitRaw(Spanned::new(ast::EmitRaw { raw: r.raw }, r.span())),
            Stmt::ForLoop(f) => {
                if f.recursive {
                    return Err(refuse(
                        "nunjucks (Backstage's template engine) has no recursive loops".into(),
                        f.span(),
                    ));
                }
                let span = f.iter.span();
                let mut iter = self.expr(&f.iter)?;
                // nunjucks reads `for x in xs if test` as `for x in (xs if
                // test else "")`, the test seeing the names outside the loop.
                if let Some(test) = &f.filter_expr {
                    iter = Expr::IfExpr(Spanned::new(
                        ast::IfExpr {
                            test_expr: self.truthy(test)?,
                            true_expr: iter,
                            false_expr: Some(constant(Value::from(""), span)),
                        },
                        span,
                    ));
                }
                Stmt::ForLoop(Spanned::new(
                    ast::ForLoop {
                        target: self.target(&f.target),
                        iter: call(
                            "js:iterate",
                            vec![iter, constant(Value::from(names(&f.target)), span)],
                            span,
                        ),
                        filter_expr: None,
                        recursive: false,
                        body: self.in_loop(|| self.stmts(&f.body))?,
                        else_body: self.stmts(&f.else_body)?,
                    },
                    f.span(),
                ))
            }
            Stmt::IfCond(i) => Stmt::IfCond(Spanned::new(
                ast::IfCond {
                    expr: self.truthy(&i.expr)?,
                    true_body: self.stmts(&i.true_body)?,
                    false_body: self.stmts(&i.false_body)?,
                },
                i.span(),
            )),
            Stmt::Set(s) => {
                let mut expr = self.expr(&s.expr)?;
                // `{% set a, b = x %}` sets both to x in nunjucks.
                let count = names(&s.target);
                if count > 0 {
                    let span = s.expr.span();
                    expr = call(
                        "js:repeat",
                        vec![expr, constant(Value::from(count), span)],
                        span,
                    );
                }
                Stmt::Set(Spanned::new(
                    ast::Set {
                        target: self.target(&s.target),
                        expr,
                    },
                    s.span(),
                ))
            }
            Stmt::SetBlock(s) => Stmt::SetBlock(Spanned::new(
                ast::SetBlock {
                    target: self.target(&s.target),
                    filter: s.filter.as_ref().map(|f| self.expr(f)).transpose()?,
                    body: self.stmts(&s.body)?,
                },
                s.span(),
            )),
            Stmt::FilterBlock(f) => Stmt::FilterBlock(Spanned::new(
                ast::FilterBlock {
                    filter: self.expr(&f.filter)?,
                    filter_span: f.filter_span,
                    body: self.stmts(&f.body)?,
                },
                f.span(),
            )),
            Stmt::Block(b) => Stmt::Block(Spanned::new(
                ast::Block {
                    name: b.name,
                    required: b.required,
                    body: self.stmts(&b.body)?,
                },
                b.span(),
            )),
            Stmt::Import(i) => Stmt::Import(Spanned::new(
                ast::Import {
                    expr: self.expr(&i.expr)?,
                    name: self.target(&i.name),
                },
                i.span(),
            )),
            Stmt::FromImport(i) => Stmt::FromImport(Spanned::new(
                ast::FromImport {
                    expr: self.expr(&i.expr)?,
                    names: i
                        .names
                        .iter()
                        .map(|(name, alias)| {
                            (self.target(name), alias.as_ref().map(|a| self.target(a)))
                        })
                        .collect(),
                },
                i.span(),
            )),
            Stmt::Extends(e) => Stmt::Extends(Spanned::new(
                ast::Extends {
                    name: self.expr(&e.name)?,
                },
                e.span(),
            )),
            Stmt::Include(i) => Stmt::Include(Spanned::new(
                ast::Include {
                    name: self.expr(&i.name)?,
                    ignore_missing: i.ignore_missing,
                },
                i.span(),
            )),
            Stmt::Macro(m) => Stmt::Macro(self.macro_decl(m)?),
            Stmt::CallBlock(c) => Stmt::CallBlock(Spanned::new(
                ast::CallBlock {
                    call: self.call_node(&c.call)?,
                    call_expr_span: c.call_expr_span,
                    macro_decl: self.macro_decl(&c.macro_decl)?,
                },
                c.span(),
            )),
            Stmt::WithBlock(w) => return Err(unsupported("with", w.span())),
            Stmt::AutoEscape(a) => return Err(unsupported("autoescape", a.span())),
            Stmt::Do(d) => return Err(unsupported("do", d.span())),
            Stmt::Continue(c) => return Err(unsupported("continue", c.span())),
            Stmt::Break(b) => return Err(unsupported("break", b.span())),
        })
    }

    fn in_loop<T>(&self, rewrite: impl FnOnce() -> T) -> T {
        self.loops.set(self.loops.get() + 1);
        let result = rewrite();
        self.loops.set(self.loops.get() - 1);
        result
    }

    fn macro_decl<'a>(
        &self,
        m: &Spanned<ast::Macro<'a>>,
    ) -> Result<Spanned<ast::Macro<'a>>, Failure> {
        Ok(Spanned::new(
            ast::Macro {
                name: m.name,
                args: m.args.iter().map(|a| self.target(a)).collect(),
                defaults: m
                    .defaults
                    .iter()
                    .map(|d| self.expr(d))
                    .collect::<Result<_, _>>()?,
                body: self.stmts(&m.body)?,
            },
            m.span(),
        ))
    }

    /// An assignment target (names, tuples of names), as written.
    fn target<'a>(&self, target: &Expr<'a>) -> Expr<'a> {
        match target {
            Expr::Var(v) => var(v.id, v.span()),
            Expr::Tuple(t) => Expr::Tuple(Spanned::new(
                ast::Tuple {
                    items: t.items.iter().map(|i| self.target(i)).collect(),
                },
                t.span(),
            )),
            Expr::List(l) => Expr::List(Spanned::new(
                ast::List {
                    items: l.items.iter().map(|i| self.target(i)).collect(),
                },
                l.span(),
            )),
            Expr::GetAttr(g) => Expr::GetAttr(Spanned::new(
                ast::GetAttr {
                    expr: self.target(&g.expr),
                    name: g.name,
                },
                g.span(),
            )),
            other => var("_", other.span()),
        }
    }

    /// `loop.depth` and the others nunjucks' loops do not have.
    fn loop_only(&self, g: &ast::GetAttr<'_>) -> bool {
        self.loops.get() > 0
            && matches!(&g.expr, Expr::Var(v) if v.id == "loop")
            && JINJA_LOOP_ONLY.contains(&g.name)
    }

    fn truthy<'a>(&self, expr: &Expr<'a>) -> Result<Expr<'a>, Failure> {
        let span = expr.span();
        Ok(call("js:truthy", vec![self.expr(expr)?], span))
    }

    fn args<'a>(&self, args: &[CallArg<'a>]) -> Result<Vec<CallArg<'a>>, Failure> {
        args.iter()
            .map(|arg| {
                Ok(match arg {
                    CallArg::Pos(e) => CallArg::Pos(self.expr(e)?),
                    CallArg::Kwarg(name, e) => CallArg::Kwarg(name, self.expr(e)?),
                    CallArg::PosSplat(e) => CallArg::PosSplat(self.expr(e)?),
                    CallArg::KwargSplat(e) => CallArg::KwargSplat(self.expr(e)?),
                })
            })
            .collect()
    }

    fn call_node<'a>(&self, c: &Spanned<ast::Call<'a>>) -> Result<Spanned<ast::Call<'a>>, Failure> {
        // From the callee on, so that a failure points at what was called.
        let span = Span {
            start_offset: self.start(&c.expr) as u32,
            ..c.span()
        };
        // A method call keeps its attribute (minijinja calls the method, or
        // JavaScript's through the unknown-method callback).
        let callee = match &c.expr {
            Expr::GetAttr(g) if self.loop_only(g) => {
                let name = constant(Value::from(format!("loop.{}", g.name)), span);
                return Ok(Spanned::new(
                    ast::Call {
                        expr: var("js:uncallable", span),
                        args: vec![CallArg::Pos(name)],
                    },
                    span,
                ));
            }
            Expr::GetAttr(g) => Expr::GetAttr(Spanned::new(
                ast::GetAttr {
                    expr: self.expr(&g.expr)?,
                    name: g.name,
                },
                self.span(&c.expr),
            )),
            other => self.expr(other)?,
        };
        Ok(Spanned::new(
            ast::Call {
                expr: callee,
                args: self.args(&c.args)?,
            },
            span,
        ))
    }

    fn expr<'a>(&self, expr: &Expr<'a>) -> Result<Expr<'a>, Failure> {
        // Only some nodes need it, and finding it walks down the tree.
        let span = || self.span(expr);
        Ok(match expr {
            // nunjucks reads `null` as `none`.
            Expr::Var(v) if v.id == "null" => constant(Value::from(()), v.span()),
            Expr::Var(v) => var(v.id, v.span()),
            Expr::Const(c) => {
                // nunjucks' literals are `true`, `false` and `none`;
                // `True` is a name (undefined) unless cookiecutter's Jinja
                // compatibility is on.
                let written = self.text(c.span());
                if !self.cookiecutter && matches!(written, "True" | "False" | "None") {
                    var(jinja_literal_name(written), c.span())
                } else {
                    constant(c.value.clone(), c.span())
                }
            }
            Expr::Slice(s) if !self.cookiecutter => {
                return Err(refuse(
                    "nunjucks (Backstage's template engine) has no slices `[a:b]`: use `.slice(a, b)`".into(),
                    s.span(),
                ));
            }
            Expr::Slice(s) => Expr::Slice(Spanned::new(
                ast::Slice {
                    expr: self.expr(&s.expr)?,
                    start: s.start.as_ref().map(|e| self.expr(e)).transpose()?,
                    stop: s.stop.as_ref().map(|e| self.expr(e)).transpose()?,
                    step: s.step.as_ref().map(|e| self.expr(e)).transpose()?,
                },
                span(),
            )),
            Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOpKind::Neg) => {
                call("js:neg", vec![self.expr(&u.expr)?], span())
            }
            Expr::UnaryOp(u) if self.is_not_in(u) => {
                call("js:not", vec![self.expr(&u.expr)?], span())
            }
            Expr::UnaryOp(_) => self.chain(expr)?,
            Expr::BinOp(b) => match b.op {
                ast::BinOpKind::FloorDiv => self.binary("js:floordiv", &b.left, &b.right)?,
                ast::BinOpKind::Pow => self.binary("js:pow", &b.left, &b.right)?,
                ast::BinOpKind::In => self.binary("js:in", &b.left, &b.right)?,
                _ => self.chain(expr)?,
            },
            Expr::Compare(_) => self.chain(expr)?,
            Expr::IfExpr(i) => Expr::IfExpr(Spanned::new(
                ast::IfExpr {
                    test_expr: self.truthy(&i.test_expr)?,
                    true_expr: self.expr(&i.true_expr)?,
                    // nunjucks writes `""` for a missing else.
                    false_expr: Some(match &i.false_expr {
                        Some(e) => self.expr(e)?,
                        None => constant(Value::from(""), i.span()),
                    }),
                },
                i.span(),
            )),
            Expr::Filter(f) => Expr::Filter(Spanned::new(
                ast::Filter {
                    name: f.name,
                    expr: f.expr.as_ref().map(|e| self.expr(e)).transpose()?,
                    args: self.args(&f.args)?,
                },
                span(),
            )),
            Expr::Test(t) => Expr::Test(Spanned::new(
                ast::Test {
                    name: t.name,
                    expr: self.expr(&t.expr)?,
                    args: self.args(&t.args)?,
                },
                span(),
            )),
            Expr::GetAttr(g) if self.loop_only(g) => constant(Value::UNDEFINED, span()),
            Expr::GetAttr(g) if g.name == "length" => call(
                "js:member",
                vec![self.expr(&g.expr)?, constant(Value::from("length"), span())],
                span(),
            ),
            Expr::GetAttr(g) => Expr::GetAttr(Spanned::new(
                ast::GetAttr {
                    expr: self.expr(&g.expr)?,
                    name: g.name,
                },
                span(),
            )),
            Expr::GetItem(g) => call(
                "js:member",
                vec![self.expr(&g.expr)?, self.expr(&g.subscript_expr)?],
                span(),
            ),
            Expr::Call(c) => Expr::Call(self.call_node(c)?),
            Expr::List(l) => Expr::List(Spanned::new(
                ast::List {
                    items: l
                        .items
                        .iter()
                        .map(|i| self.expr(i))
                        .collect::<Result<_, _>>()?,
                },
                l.span(),
            )),
            // `(a, b)` is a group in nunjucks, which JavaScript reads as the
            // comma operator: the last item.
            Expr::Tuple(t) if !t.items.is_empty() => self.expr(&t.items[t.items.len() - 1])?,
            Expr::Tuple(t) => Expr::Tuple(Spanned::new(
                ast::Tuple {
                    items: t
                        .items
                        .iter()
                        .map(|i| self.expr(i))
                        .collect::<Result<_, _>>()?,
                },
                t.span(),
            )),
            Expr::Map(m) => Expr::Map(Spanned::new(
                ast::Map {
                    keys: m
                        .keys
                        .iter()
                        .map(|k| self.expr(k))
                        .collect::<Result<_, _>>()?,
                    values: m
                        .values
                        .iter()
                        .map(|v| self.expr(v))
                        .collect::<Result<_, _>>()?,
                },
                m.span(),
            )),
        })
    }

    fn binary<'a>(
        &self,
        function: &'a str,
        left: &Expr<'a>,
        right: &Expr<'a>,
    ) -> Result<Expr<'a>, Failure> {
        let (left, right) = (self.expr(left)?, self.expr(right)?);
        let span = join(left.span(), right.span());
        Ok(call(function, vec![left, right], span))
    }

    fn text(&self, span: Span) -> &str {
        self.source
            .get(span.start_offset as usize..span.end_offset as usize)
            .unwrap_or_default()
    }

    /// Where an expression's first token starts. minijinja's spans of
    /// comparisons and `x if y` start at the token before them, those of
    /// `a.b`, `a[b]` and `a(b)` at the `.`, `[` or `(` before the last one,
    /// those of filters and tests at their names.
    fn start(&self, expr: &Expr<'_>) -> usize {
        match expr {
            Expr::GetAttr(g) => self.start(&g.expr),
            Expr::GetItem(g) => self.start(&g.expr),
            Expr::Slice(s) => self.start(&s.expr),
            Expr::Call(c) => self.start(&c.expr),
            Expr::BinOp(b) if from_comparison(b.op) => self.start(&b.left),
            Expr::Compare(c) => self.start(&c.expr),
            Expr::UnaryOp(u) if self.is_not_in(u) => self.start(&u.expr),
            Expr::IfExpr(i) => self.start(&i.true_expr),
            Expr::Filter(f) => f
                .expr
                .as_ref()
                .map_or(f.span().start_offset as usize, |e| self.start(e)),
            Expr::Test(t) => self.start(&t.expr),
            other => other.span().start_offset as usize,
        }
    }

    /// `expr`'s span, starting where its first token does.
    fn span(&self, expr: &Expr<'_>) -> Span {
        Span {
            start_offset: self.start(expr) as u32,
            ..expr.span()
        }
    }

    /// Whether `expr` is written in parentheses of its own.
    fn grouped(&self, expr: &Expr<'_>) -> bool {
        let before = self.source[..self.start(expr).min(self.source.len())].trim_end();
        let after = self
            .source
            .get(expr.span().end_offset as usize..)
            .unwrap_or_default()
            .trim_start();
        before.ends_with('(') && after.starts_with(')')
    }

    /// minijinja reads `a not in b` as `not (a in b)`; this tells that
    /// apart from a `not` the template wrote.
    fn is_not_in(&self, u: &ast::UnaryOp<'_>) -> bool {
        match &u.expr {
            Expr::BinOp(b) if matches!(b.op, ast::BinOpKind::In) => {
                let from = b.left.span().end_offset as usize;
                let to = self.start(&b.right);
                self.source
                    .get(from..to)
                    .is_some_and(|between| between.split_whitespace().any(|w| w == "not"))
            }
            _ => false,
        }
    }

    /// The operator between two operands as written (`===` is read as
    /// `==` by the parser).
    fn written_op(&self, op: Op, left: &Expr<'_>, right: &Expr<'_>) -> Op {
        let from = left.span().end_offset as usize;
        let to = self.start(right);
        let between = self.source.get(from..to).unwrap_or_default();
        match op {
            Op::Eq if between.contains("===") => Op::StrictEq,
            Op::Ne if between.contains("!==") => Op::StrictNe,
            op => op,
        }
    }

    /// An expression of infix operators and `not`, evaluated as the
    /// JavaScript nunjucks writes for it: its operators without the
    /// parentheses nunjucks' parser implied, read with JavaScript's
    /// precedence.
    fn chain<'a>(&self, expr: &Expr<'a>) -> Result<Expr<'a>, Failure> {
        let mut pieces = Vec::new();
        self.flatten(expr, &mut pieces, true)?;
        let mut pieces = pieces.into_iter().peekable();
        let result = parse_pieces(&mut pieces, 0);
        Ok(result.unwrap_or_else(|| constant(Value::UNDEFINED, expr.span())))
    }

    fn flatten<'a>(
        &self,
        expr: &Expr<'a>,
        out: &mut Vec<Piece<'a>>,
        root: bool,
    ) -> Result<(), Failure> {
        let chained = match expr {
            Expr::BinOp(b) => infix(b.op).is_some(),
            Expr::Compare(c) => c.ops.iter().all(|op| compare_op(op.op).is_some()),
            Expr::UnaryOp(u) => matches!(u.op, ast::UnaryOpKind::Not) && !self.is_not_in(u),
            _ => false,
        };
        if !chained || (!root && self.grouped(expr)) {
            out.push(Piece::Operand(if chained {
                self.chain(expr)?
            } else {
                self.atom(expr)?
            }));
            return Ok(());
        }
        match expr {
            Expr::BinOp(b) => {
                let op = infix(b.op).expect("chained");
                let op = self.written_op(op, &b.left, &b.right);
                self.flatten(&b.left, out, false)?;
                out.push(Piece::Op(op));
                self.flatten(&b.right, out, false)?;
            }
            Expr::Compare(c) => {
                self.flatten(&c.expr, out, false)?;
                let mut left = &c.expr;
                for op in &c.ops {
                    let kind = compare_op(op.op).expect("chained");
                    out.push(Piece::Op(self.written_op(kind, left, &op.expr)));
                    self.flatten(&op.expr, out, false)?;
                    left = &op.expr;
                }
            }
            Expr::UnaryOp(u) => {
                out.push(Piece::Not(u.span()));
                self.flatten(&u.expr, out, false)?;
            }
            _ => unreachable!("only chained expressions are flattened"),
        }
        Ok(())
    }

    /// An operand that is not an operator chain; a comparison chain with
    /// `in` becomes nunjucks' `in`, whose sides are whole comparisons.
    fn atom<'a>(&self, expr: &Expr<'a>) -> Result<Expr<'a>, Failure> {
        let Expr::Compare(c) = expr else {
            return self.expr(expr);
        };
        // Split at `in`: `a == b in c` is `(a == b) in c` in nunjucks.
        let mut segments: Vec<(Option<ast::CompareOpKind>, Expr<'a>)> = Vec::new();
        let mut current = self.expr(&c.expr)?;
        let mut pending: Option<ast::CompareOpKind> = None;
        let mut left = &c.expr;
        for op in &c.ops {
            match compare_op(op.op) {
                Some(kind) => {
                    let kind = self.written_op(kind, left, &op.expr);
                    let right = self.expr(&op.expr)?;
                    let span = join(current.span(), right.span());
                    current = call(kind.function(), vec![current, right], span);
                }
                None => {
                    segments.push((pending.take(), current));
                    pending = Some(op.op);
                    current = self.expr(&op.expr)?;
                }
            }
            left = &op.expr;
        }
        segments.push((pending, current));
        let mut segments = segments.into_iter();
        let (_, mut result) = segments.next().expect("one segment at least");
        for (op, right) in segments {
            let span = join(result.span(), right.span());
            let contained = call("js:in", vec![result, right], span);
            result = match op {
                Some(ast::CompareOpKind::NotIn) => call("js:not", vec![contained], span),
                _ => contained,
            };
        }
        Ok(result)
    }
}

/// `True`, `False` or `None` as a name (the parsed text does not live long
/// enough to name a variable).
fn jinja_literal_name(written: &str) -> &'static str {
    match written {
        "True" => "True",
        "False" => "False",
        _ => "None",
    }
}

/// Precedence climbing over a chain's pieces.
fn parse_pieces<'a>(
    pieces: &mut std::iter::Peekable<std::vec::IntoIter<Piece<'a>>>,
    min: u8,
) -> Option<Expr<'a>> {
    let mut left = parse_unary(pieces)?;
    while let Some(Piece::Op(op)) = pieces.peek() {
        let op = *op;
        if op.precedence() < min {
            break;
        }
        pieces.next();
        let right = parse_pieces(pieces, op.precedence() + 1)?;
        let span = join(left.span(), right.span());
        left = match op {
            Op::Or | Op::And => Expr::BinOp(Spanned::new(
                ast::BinOp {
                    op: if op == Op::Or {
                        ast::BinOpKind::ScOr
                    } else {
                        ast::BinOpKind::ScAnd
                    },
                    left: call("js:keep_truth", vec![left], span),
                    right,
                },
                span,
            )),
            _ => call(op.function(), vec![left, right], span),
        };
    }
    Some(left)
}

fn parse_unary<'a>(
    pieces: &mut std::iter::Peekable<std::vec::IntoIter<Piece<'a>>>,
) -> Option<Expr<'a>> {
    match pieces.next()? {
        Piece::Operand(e) => Some(e),
        Piece::Not(span) => {
            let operand = parse_unary(pieces)?;
            let span = join(span, operand.span());
            Some(call("js:not", vec![operand], span))
        }
        Piece::Op(_) => None,
    }
}
