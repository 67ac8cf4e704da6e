//! `plat status`: the real binary against the fake API server.
