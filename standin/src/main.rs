//! `standin [--port N] [--allow-origin ORIGIN]... [--no-cors] [--config FILE]`
//!
//! Prints `STANDIN_URL=http://127.0.0.1:PORT` as the first stdout line, then one line per request
//! (method, path, status) to stderr.

use std::io::Write;

fn usage() -> ! {
    eprintln!("usage: standin [--port N] [--allow-origin ORIGIN]... [--no-cors] [--config FILE]");
    std::process::exit(2)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut config_file = None;
    let mut port = None;
    let mut origins = Vec::new();
    let mut no_cors = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => port = Some(args.next().and_then(|p| p.parse::<u16>().ok()).unwrap_or_else(|| usage())),
            "--allow-origin" => origins.push(args.next().unwrap_or_else(|| usage())),
            "--no-cors" => no_cors = true,
            "--config" => config_file = Some(args.next().unwrap_or_else(|| usage())),
            "-h" | "--help" => usage(),
            _ => {
                eprintln!("standin: unknown argument {a}");
                usage()
            }
        }
    }
    let mut config = match config_file {
        Some(f) => standin::Config::from_json_file(&f).unwrap_or_else(|e| {
            eprintln!("standin: {e}");
            std::process::exit(2)
        }),
        None => standin::Config::default(),
    };
    if let Some(p) = port {
        config.port = p;
    }
    config.allowed_origins.extend(origins);
    if no_cors {
        config.cors_enabled = false;
    }
    config.log_requests = true;
    let handle = standin::spawn(config);
    let mut out = std::io::stdout();
    let _ = writeln!(out, "STANDIN_URL={}", handle.url);
    let _ = out.flush();
    loop {
        std::thread::park();
    }
}
