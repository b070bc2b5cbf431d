fn main() -> std::process::ExitCode {
    sotay::cli::main()
}
