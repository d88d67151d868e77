// The `coach` executable: builds the command line, runs one subcommand, and
// maps every failure to a one-line message and a documented exit code.
#include <clocale>
#include <iostream>
#include <locale>

#include <CLI/CLI.hpp>

#include <coach/error.hpp>

#include "context.hpp"

namespace {

constexpr const char* version = "0.1.0";

int run(int argc, char** argv) {
  using coach::ExitCode;
  // The classic locale everywhere: numbers and dates are written the same for everyone.
  std::locale::global(std::locale::classic());

  coach::cli::Context context(std::cout, std::cerr);
  CLI::App app{"coach: keep the record of coaching a sales team (1:1s, promises, cadence).\n"
               "Data lives in plain YAML files, one per rep, in a directory you can keep in git.",
               "coach"};
  app.set_version_flag("--version", version);
  app.require_subcommand(1);
  app.fallthrough();
  app.option_defaults()->always_capture_default(false);
  app.add_option("-C,--dir", context.global.dir,
                 "The data directory (default: $COACH_DIR, else the nearest parent with coach.yaml, "
                 "else ~/.local/share/coach)")
      ->type_name("DIR");
  app.add_option("--color", context.global.color, "Color output: auto (on a terminal, without NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  app.footer("Run `coach COMMAND --help` for a command's options, `man coach` for the whole story.\n"
             "Exit codes: 0 ok, 2 usage, 3 bad data file, 4 not found, 5 exists, 6 I/O, 7 aborted.");

  coach::cli::register_init_command(app, context);
  coach::cli::register_rep_command(app, context);
  coach::cli::register_log_1on1_command(app, context);
  coach::cli::register_followups_command(app, context);
  coach::cli::register_prep_command(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11's own codes are not ours: every usage error exits 2.
    std::cerr << "coach: error: " << e.what() << " (see --help)\n";
    return static_cast<int>(ExitCode::usage);
  } catch (const coach::Error& e) {
    std::cout.flush();
    std::cerr << "coach: error: " << e.what() << "\n";
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "coach: internal error: " << e.what() << " (please report this)\n";
    return static_cast<int>(ExitCode::internal);
  }
  std::cout.flush();
  return std::cout.good() ? 0 : static_cast<int>(ExitCode::io);
}

} // namespace

int main(int argc, char** argv) {
  return run(argc, argv);
}
