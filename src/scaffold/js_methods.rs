//! The JavaScript methods templates call on strings, lists, numbers and
//! objects (`name.toUpperCase()`, `tags.join(", ")`, `ratio.toFixed(2)`),
//! with JavaScript's results: string positions count UTF-16 code units,
//! numbers round as `toFixed` does. A method a value does not have fails
//! as nunjucks does ("Unable to call ...").
//!
//! Methods that change the value they are called on in JavaScript
//! (`reverse`, `sort`) return a changed copy and leave the value alone.

use minijinja::{Error, ErrorKind, Value};

use super::js::{self, Js};

/// Calls `method` on `value`; `UnknownMethod` for values that are not
/// JavaScript's (minijinja's own objects keep their methods).
pub fn call(value: &Value, method: &str, args: &[Value]) -> Result<Value, Error> {
    let result = match js::classify(value) {
        Js::String(s) => string(s, method, args),
        Js::Array => array(value, method, args),
        Js::Number(f) => number(f, method, args),
        Js::Bool(b) => match method {
            "toString" => Some(Ok(Value::from(if b { "true" } else { "false" }))),
            "valueOf" => Some(Ok(value.clone())),
            _ => None,
        },
        Js::Object => object(value, method, args),
        Js::Undefined | Js::Null => {
            return Err(uncallable(
                method,
                &format!("it is called on {}", js::describe(value)),
            ));
        }
        Js::Other => return Err(Error::from(ErrorKind::UnknownMethod)),
    };
    match result {
        Some(result) => result,
        None if !js::member(value, &Value::from(method)).is_undefined() => Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("Unable to call `{method}`, which is not a function"),
        )),
        None => Err(uncallable(
            method,
            &format!("{} has no method {method}()", js::describe(value)),
        )),
    }
}

/// nunjucks' words for calling something that is not there.
fn uncallable(method: &str, why: &str) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!("Unable to call `{method}`, which is undefined or falsey ({why})"),
    )
}

fn range_error(message: &str) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!("RangeError: {message}"),
    )
}

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::UNDEFINED)
}

/// `ToIntegerOrInfinity`: NaN is 0, fractions are cut.
fn integer(value: &Value) -> f64 {
    let f = js::to_number(value);
    if f.is_nan() { 0.0 } else { f.trunc() }
}

/// A relative position (`slice(-3)`) within `len`, or `default`.
fn relative(value: &Value, len: usize, default: usize) -> usize {
    if value.is_undefined() {
        return default;
    }
    let i = integer(value);
    let len = len as f64;
    (if i < 0.0 {
        (len + i).max(0.0)
    } else {
        i.min(len)
    }) as usize
}

/// An absolute position clamped to `0..=len` (`substring`, `includes`).
fn clamped(value: &Value, len: usize, default: usize) -> usize {
    if value.is_undefined() {
        return default;
    }
    integer(value).clamp(0.0, len as f64) as usize
}

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

fn text(units: &[u16]) -> Value {
    Value::from(String::from_utf16_lossy(units))
}

/// Where `needle` first occurs in `hay` at or after `from`.
fn find(hay: &[u16], needle: &[u16], from: usize) -> Option<usize> {
    (from..=hay.len().checked_sub(needle.len())?).find(|&i| hay[i..].starts_with(needle))
}

/// Where `needle` last occurs in `hay` at or before `from`.
fn rfind(hay: &[u16], needle: &[u16], from: usize) -> Option<usize> {
    let last = hay.len().checked_sub(needle.len())?;
    (0..=from.min(last))
        .rev()
        .find(|&i| hay[i..].starts_with(needle))
}

fn string(s: &str, method: &str, args: &[Value]) -> Option<Result<Value, Error>> {
    let units = utf16(s);
    let len = units.len();
    let search = || utf16(&js::to_string(&arg(args, 0)));
    let value = match method {
        "toUpperCase" | "toLocaleUpperCase" => Value::from(s.to_uppercase()),
        "toLowerCase" | "toLocaleLowerCase" => Value::from(s.to_lowercase()),
        "trim" => Value::from(s.trim_matches(js::is_space)),
        "trimStart" | "trimLeft" => Value::from(s.trim_start_matches(js::is_space)),
        "trimEnd" | "trimRight" => Value::from(s.trim_end_matches(js::is_space)),
        "toString" | "valueOf" => Value::from(s),
        "includes" => {
            Value::from(find(&units, &search(), clamped(&arg(args, 1), len, 0)).is_some())
        }
        "startsWith" => Value::from(units[clamped(&arg(args, 1), len, 0)..].starts_with(&search())),
        "endsWith" => Value::from(units[..clamped(&arg(args, 1), len, len)].ends_with(&search())),
        "indexOf" => Value::from(
            find(&units, &search(), clamped(&arg(args, 1), len, 0)).map_or(-1, |i| i as i64),
        ),
        "lastIndexOf" => {
            let from = match js::to_number(&arg(args, 1)) {
                f if f.is_nan() => len,
                f => f.clamp(0.0, len as f64) as usize,
            };
            Value::from(rfind(&units, &search(), from).map_or(-1, |i| i as i64))
        }
        "slice" => {
            let from = relative(&arg(args, 0), len, 0);
            let to = relative(&arg(args, 1), len, len);
            text(if from < to { &units[from..to] } else { &[] })
        }
        "substring" => {
            let a = clamped(&arg(args, 0), len, 0);
            let b = clamped(&arg(args, 1), len, len);
            text(&units[a.min(b)..a.max(b)])
        }
        "substr" => {
            let from = relative(&arg(args, 0), len, 0);
            let count = if arg(args, 1).is_undefined() {
                len
            } else {
                integer(&arg(args, 1)).clamp(0.0, len as f64) as usize
            };
            text(&units[from..(from + count).min(len)])
        }
        "charAt" => {
            let i = integer(&arg(args, 0));
            text(if i >= 0.0 && (i as usize) < len {
                &units[i as usize..=i as usize]
            } else {
                &[]
            })
        }
        "charCodeAt" => {
            let i = integer(&arg(args, 0));
            if i >= 0.0 && (i as usize) < len {
                Value::from(units[i as usize])
            } else {
                Value::from(f64::NAN)
            }
        }
        "codePointAt" => {
            let i = integer(&arg(args, 0));
            if i >= 0.0 && (i as usize) < len {
                let point = char::decode_utf16(units[i as usize..].iter().copied())
                    .next()
                    .map_or(u32::from(units[i as usize]), |c| {
                        c.map_or(u32::from(units[i as usize]), u32::from)
                    });
                Value::from(point)
            } else {
                Value::UNDEFINED
            }
        }
        "at" => {
            let i = integer(&arg(args, 0));
            let i = if i < 0.0 { len as f64 + i } else { i };
            if i >= 0.0 && (i as usize) < len {
                text(&units[i as usize..=i as usize])
            } else {
                Value::UNDEFINED
            }
        }
        "concat" => Value::from(args.iter().fold(s.to_string(), |mut out, a| {
            out.push_str(&js::to_string(a));
            out
        })),
        "padStart" | "padEnd" => {
            let width = integer(&arg(args, 0));
            let fill = match arg(args, 1) {
                f if f.is_undefined() => vec![u16::from(b' ')],
                f => utf16(&js::to_string(&f)),
            };
            if width <= len as f64 || fill.is_empty() {
                Value::from(s)
            } else if width > js::MAX_STRING {
                return Some(Err(js::too_long()));
            } else {
                let pad: Vec<u16> = fill
                    .iter()
                    .copied()
                    .cycle()
                    .take(width as usize - len)
                    .collect();
                let (mut out, tail) = if method == "padStart" {
                    (pad, units)
                } else {
                    (units, pad)
                };
                out.extend(tail);
                text(&out)
            }
        }
        "repeat" => {
            let count = js::to_number(&arg(args, 0));
            let count = if count.is_nan() { 0.0 } else { count.trunc() };
            if count < 0.0 || count.is_infinite() {
                return Some(Err(range_error(&format!(
                    "Invalid count value: {}",
                    js::number_to_string(count)
                ))));
            }
            if count * len as f64 > js::MAX_STRING {
                return Some(Err(js::too_long()));
            }
            Value::from(s.repeat(count as usize))
        }
        "replace" | "replaceAll" => {
            let pattern = search();
            let replacement = js::to_string(&arg(args, 1));
            let mut positions = Vec::new();
            let mut from = 0;
            while let Some(at) = find(&units, &pattern, from) {
                positions.push(at);
                if method == "replace" {
                    break;
                }
                from = at + pattern.len().max(1);
                if from > len {
                    break;
                }
            }
            if (len + positions.len() * replacement.len()) as f64 > js::MAX_STRING {
                return Some(Err(js::too_long()));
            }
            let mut out = Vec::new();
            let mut last = 0;
            for at in positions {
                out.extend_from_slice(&units[last..at]);
                out.extend(substitution(&units, &pattern, at, &replacement));
                last = at + pattern.len();
            }
            out.extend_from_slice(&units[last..]);
            text(&out)
        }
        "split" => {
            let limit = match arg(args, 1) {
                l if l.is_undefined() => u32::MAX as usize,
                l => (js::to_number(&l) as i64 as u32) as usize,
            };
            let separator = arg(args, 0);
            let parts: Vec<Value> = if separator.is_undefined() {
                vec![Value::from(s)]
            } else {
                let separator = utf16(&js::to_string(&separator));
                if separator.is_empty() {
                    units.iter().map(|u| text(&[*u])).collect()
                } else {
                    let mut parts = Vec::new();
                    let mut from = 0;
                    while let Some(at) = find(&units, &separator, from) {
                        parts.push(text(&units[from..at]));
                        from = at + separator.len();
                    }
                    parts.push(text(&units[from..]));
                    parts
                }
            };
            Value::from(parts.into_iter().take(limit).collect::<Vec<_>>())
        }
        _ => return None,
    };
    Some(Ok(value))
}

/// `$$`, `$&`, `` $` `` and `$'` in a replacement string, as
/// `String.prototype.replace` reads them.
fn substitution(units: &[u16], pattern: &[u16], at: usize, replacement: &str) -> Vec<u16> {
    let r = utf16(replacement);
    let mut out = Vec::with_capacity(r.len());
    let mut i = 0;
    while i < r.len() {
        if r[i] == u16::from(b'$') && i + 1 < r.len() {
            let next = r[i + 1];
            let piece: Option<&[u16]> = match u8::try_from(next).unwrap_or(0) {
                b'$' => Some(&r[i..=i]),
                b'&' => Some(&units[at..at + pattern.len()]),
                b'`' => Some(&units[..at]),
                b'\'' => Some(&units[at + pattern.len()..]),
                _ => None,
            };
            if let Some(piece) = piece {
                out.extend_from_slice(piece);
                i += 2;
                continue;
            }
        }
        out.push(r[i]);
        i += 1;
    }
    out
}

fn items(value: &Value) -> Vec<Value> {
    value.try_iter().into_iter().flatten().collect()
}

fn array(value: &Value, method: &str, args: &[Value]) -> Option<Result<Value, Error>> {
    let items = items(value);
    let len = items.len();
    let value = match method {
        "join" => {
            let separator = match arg(args, 0) {
                s if s.is_undefined() => ",".to_string(),
                s => js::to_string(&s),
            };
            Value::from(
                items
                    .iter()
                    .map(js::display)
                    .collect::<Vec<_>>()
                    .join(&separator),
            )
        }
        "toString" => Value::from(js::to_string(value)),
        "valueOf" => value.clone(),
        // `includes` finds NaN (SameValueZero), `indexOf` does not (===).
        "includes" => {
            let wanted = arg(args, 0);
            let nan = matches!(js::classify(&wanted), Js::Number(f) if f.is_nan());
            let from = relative(&arg(args, 1), len, 0);
            Value::from(items[from..].iter().any(|item| {
                js::strict_eq(item, &wanted)
                    || nan && matches!(js::classify(item), Js::Number(f) if f.is_nan())
            }))
        }
        "indexOf" => {
            let from = relative(&arg(args, 1), len, 0);
            Value::from(
                items[from..]
                    .iter()
                    .position(|item| js::strict_eq(item, &arg(args, 0)))
                    .map_or(-1, |i| (i + from) as i64),
            )
        }
        "lastIndexOf" => Value::from(
            items
                .iter()
                .rposition(|item| js::strict_eq(item, &arg(args, 0)))
                .map_or(-1, |i| i as i64),
        ),
        "slice" => {
            let from = relative(&arg(args, 0), len, 0);
            let to = relative(&arg(args, 1), len, len);
            Value::from(if from < to {
                items[from..to].to_vec()
            } else {
                Vec::new()
            })
        }
        "at" => {
            let i = integer(&arg(args, 0));
            let i = if i < 0.0 { len as f64 + i } else { i };
            if i >= 0.0 && (i as usize) < len {
                items[i as usize].clone()
            } else {
                Value::UNDEFINED
            }
        }
        "concat" => {
            let mut out = items;
            for a in args {
                match js::classify(a) {
                    Js::Array => out.extend(self::items(a)),
                    _ => out.push(a.clone()),
                }
            }
            Value::from(out)
        }
        "reverse" => Value::from(items.into_iter().rev().collect::<Vec<_>>()),
        // Without a comparison: by the items' strings, undefined last.
        "sort" if args.is_empty() => {
            let mut sorted = items;
            sorted.sort_by(|a, b| match (a.is_undefined(), b.is_undefined()) {
                (true, true) => std::cmp::Ordering::Equal,
                (true, false) => std::cmp::Ordering::Greater,
                (false, true) => std::cmp::Ordering::Less,
                _ => js::to_string(a)
                    .encode_utf16()
                    .cmp(js::to_string(b).encode_utf16()),
            });
            Value::from(sorted)
        }
        _ => return None,
    };
    Some(Ok(value))
}

fn object(value: &Value, method: &str, args: &[Value]) -> Option<Result<Value, Error>> {
    Some(Ok(match method {
        "hasOwnProperty" => Value::from(
            value
                .get_item(&Value::from(js::to_string(&arg(args, 0))))
                .is_ok_and(|v| !v.is_undefined()),
        ),
        "toString" => Value::from("[object Object]"),
        "valueOf" => value.clone(),
        _ => return None,
    }))
}

fn number(f: f64, method: &str, args: &[Value]) -> Option<Result<Value, Error>> {
    let digits = |name: &str, low: f64, default: Option<f64>| -> Result<Option<usize>, Error> {
        let given = arg(args, 0);
        let d = if given.is_undefined() {
            match default {
                Some(d) => d,
                None => return Ok(None),
            }
        } else {
            integer(&given)
        };
        if !(low..=100.0).contains(&d) {
            return Err(range_error(&format!(
                "{name}() digits argument must be between {low} and 100"
            )));
        }
        Ok(Some(d as usize))
    };
    let value = match method {
        "toString" => {
            let radix = match arg(args, 0) {
                r if r.is_undefined() => 10.0,
                r => integer(&r),
            };
            if !(2.0..=36.0).contains(&radix) {
                return Some(Err(range_error(
                    "toString() radix must be between 2 and 36",
                )));
            }
            Value::from(to_radix(f, radix as u32))
        }
        "valueOf" => js::number(f),
        "toFixed" => match digits("toFixed", 0.0, Some(0.0)) {
            Err(e) => return Some(Err(e)),
            Ok(d) if f.is_finite() && f.abs() < 1e21 => Value::from(to_fixed(f, d.unwrap_or(0))),
            Ok(_) => Value::from(js::number_to_string(f)),
        },
        "toPrecision" => match digits("toPrecision", 1.0, None) {
            _ if !f.is_finite() => Value::from(js::number_to_string(f)),
            Err(e) => return Some(Err(e)),
            Ok(None) => Value::from(js::number_to_string(f)),
            Ok(Some(p)) => Value::from(to_precision(f, p)),
        },
        "toExponential" => match digits("toExponential", 0.0, None) {
            _ if !f.is_finite() => Value::from(js::number_to_string(f)),
            Err(e) => return Some(Err(e)),
            Ok(d) => Value::from(to_exponential(f, d)),
        },
        _ => return None,
    };
    Some(Ok(value))
}

/// The exact decimal digits of `x` (not negative) and how many of them
/// are before the point.
fn exact_digits(x: f64) -> (Vec<u8>, i64) {
    // Rust's fixed-precision formatting is exact; 1074 places hold any f64.
    let text = format!("{x:.1074}");
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
    let mut point = int.len() as i64;
    while digits.len() > 1 && digits[0] == 0 {
        digits.remove(0);
        point -= 1;
    }
    (digits, point)
}

/// Keeps `keep` digits, rounding half up (JavaScript picks the larger of
/// two equally near results); a carry adds a digit in front.
fn round_half_up(digits: &[u8], point: i64, keep: i64) -> (Vec<u8>, i64) {
    let keep_len = keep.max(0) as usize;
    let mut kept: Vec<u8> = digits.iter().copied().take(keep_len).collect();
    kept.resize(keep_len, 0);
    let round_up = keep >= 0 && digits.get(keep_len).is_some_and(|d| *d >= 5);
    let mut point = point;
    if round_up {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, 1);
                point += 1;
                break;
            }
            i -= 1;
            if kept[i] == 9 {
                kept[i] = 0;
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    (kept, point)
}

fn digit_string(digits: &[u8]) -> String {
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

/// `toFixed(d)`.
fn to_fixed(f: f64, d: usize) -> String {
    let sign = if f < 0.0 { "-" } else { "" };
    let (digits, point) = exact_digits(f.abs());
    // Digits before the point, padded so that at least one is there.
    let (digits, point) = if point <= 0 {
        let mut padded = vec![0; (1 - point) as usize];
        padded.extend(digits);
        (padded, 1)
    } else {
        (digits, point)
    };
    let (kept, point) = round_half_up(&digits, point, point + d as i64);
    let text = digit_string(&kept);
    let (int, frac) = text.split_at(point as usize);
    if d == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// `p` significant digits of `x` (not 0) and the exponent of the first.
fn significant(x: f64, p: usize) -> (String, i64) {
    let (digits, point) = exact_digits(x);
    let (kept, point) = round_half_up(&digits, point, p as i64);
    let mut text = digit_string(&kept);
    text.truncate(p);
    (text, point - 1)
}

fn exponential(sign: &str, digits: &str, e: i64) -> String {
    let (first, rest) = digits.split_at(1);
    let fraction = if rest.is_empty() {
        String::new()
    } else {
        format!(".{rest}")
    };
    let e_sign = if e < 0 { '-' } else { '+' };
    format!("{sign}{first}{fraction}e{e_sign}{}", e.abs())
}

/// `toPrecision(p)`.
fn to_precision(f: f64, p: usize) -> String {
    let sign = if f < 0.0 { "-" } else { "" };
    if f == 0.0 {
        return if p == 1 {
            "0".into()
        } else {
            format!("0.{}", "0".repeat(p - 1))
        };
    }
    let (digits, e) = significant(f.abs(), p);
    if e < -6 || e >= p as i64 {
        return exponential(sign, &digits, e);
    }
    if e >= 0 {
        let (int, frac) = digits.split_at(e as usize + 1);
        if frac.is_empty() {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{frac}")
        }
    } else {
        format!("{sign}0.{}{digits}", "0".repeat((-e - 1) as usize))
    }
}

/// `toExponential(d)`; without `d`, as many digits as the number needs.
fn to_exponential(f: f64, d: Option<usize>) -> String {
    let sign = if f < 0.0 { "-" } else { "" };
    if f == 0.0 {
        let zeros = d
            .map(|d| format!(".{}", "0".repeat(d)))
            .filter(|z| z.len() > 1);
        return format!("{sign}0{}e+0", zeros.unwrap_or_default());
    }
    let (digits, e) = match d {
        Some(d) => significant(f.abs(), d + 1),
        None => {
            let shortest = format!("{:e}", f.abs());
            let (mantissa, exponent) = shortest.split_once('e').unwrap_or((&shortest, "0"));
            (
                mantissa.replace('.', ""),
                exponent.parse::<i64>().unwrap_or(0),
            )
        }
    };
    exponential(sign, &digits, e)
}

/// `toString(radix)`, as V8 writes a number in another base.
fn to_radix(f: f64, radix: u32) -> String {
    if radix == 10 || !f.is_finite() {
        return js::number_to_string(f);
    }
    let sign = if f < 0.0 { "-" } else { "" };
    let x = f.abs();
    let mut integer = x.trunc();
    let mut fraction = x - integer;
    let digit = |d: u32| char::from_digit(d, radix).unwrap_or('0');
    // Fraction digits until the rest is below the number's precision.
    let mut delta = 0.5 * (f64::from_bits(x.to_bits() + 1) - x);
    delta = delta.max(f64::from_bits(1));
    let mut frac_digits: Vec<u32> = Vec::new();
    if fraction >= delta {
        loop {
            fraction *= f64::from(radix);
            delta *= f64::from(radix);
            let d = fraction as u32;
            frac_digits.push(d);
            fraction -= f64::from(d);
            if (fraction > 0.5 || (fraction == 0.5 && d & 1 == 1)) && fraction + delta > 1.0 {
                // Round up, carrying into the integer part if needed.
                loop {
                    match frac_digits.pop() {
                        None => {
                            integer += 1.0;
                            break;
                        }
                        Some(d) if d + 1 < radix => {
                            frac_digits.push(d + 1);
                            break;
                        }
                        Some(_) => {}
                    }
                }
                break;
            }
            if fraction < delta {
                break;
            }
        }
    }
    let mut int_digits = Vec::new();
    let r = f64::from(radix);
    while integer >= r {
        int_digits.push(digit((integer % r) as u32));
        integer = (integer / r).trunc();
    }
    int_digits.push(digit(integer as u32));
    let mut out: String = sign.to_string();
    out.extend(int_digits.iter().rev());
    if !frac_digits.is_empty() {
        out.push('.');
        out.extend(frac_digits.into_iter().map(digit));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: impl Into<Value>) -> Value {
        x.into()
    }

    fn call_on(value: impl Into<Value>, method: &str, args: &[Value]) -> String {
        js::display(&call(&value.into(), method, args).unwrap())
    }

    #[test]
    fn numbers_round_as_javascript_rounds_them() {
        assert_eq!(call_on(1.5, "toFixed", &[v(2)]), "1.50");
        assert_eq!(call_on(2.345, "toFixed", &[v(2)]), "2.35");
        assert_eq!(call_on(1.005, "toFixed", &[v(2)]), "1.00");
        assert_eq!(call_on(2.5, "toFixed", &[]), "3");
        assert_eq!(call_on(-1.5, "toFixed", &[v(0)]), "-2");
        assert_eq!(call_on(0.000001, "toFixed", &[v(2)]), "0.00");
        assert_eq!(call_on(1234.5678, "toFixed", &[v(2)]), "1234.57");
        assert_eq!(call_on(3, "toPrecision", &[v(3)]), "3.00");
        assert_eq!(call_on(123456, "toPrecision", &[v(2)]), "1.2e+5");
        assert_eq!(call_on(0.00001234, "toPrecision", &[v(2)]), "0.000012");
        assert_eq!(call_on(3, "toExponential", &[v(2)]), "3.00e+0");
        assert_eq!(call_on(255, "toString", &[v(16)]), "ff");
        assert_eq!(call_on(0.5, "toString", &[v(2)]), "0.1");
        assert!(call(&v(1), "toFixed", &[v(101)]).is_err());
    }

    #[test]
    fn string_positions_count_utf16_units() {
        assert_eq!(call_on("a😀b", "slice", &[v(3)]), "b");
        assert_eq!(call_on("a😀b", "indexOf", &[v("b")]), "3");
        assert_eq!(call_on("abc", "substring", &[v(2), v(0)]), "ab");
        assert_eq!(call_on("a-b-c", "replace", &[v("-"), v("[$&]")]), "a[-]b-c");
        assert_eq!(call_on("a,b,,c", "split", &[v(","), v(2)]), "a,b");
        assert_eq!(call_on("5", "padStart", &[v(3), v("0")]), "005");
    }

    #[test]
    fn missing_methods_fail_as_nunjucks_does() {
        let error = call(&Value::UNDEFINED, "toUpperCase", &[]).unwrap_err();
        assert!(
            error.to_string().contains("Unable to call `toUpperCase`"),
            "{error}"
        );
        let error = call(&Value::from("x"), "length", &[]).unwrap_err();
        assert!(error.to_string().contains("not a function"), "{error}");
    }
}
