// The `sigvit` command line: dispatches to one subcommand per file in cli/.

#include <boost/program_options/errors.hpp>
#include <c10/util/Exception.h>

#include <csignal>
#include <iostream>

#include "cli/parsing/command.h"
#include "runtime/interrupt.h"
#include "runtime/kernel_choice.h"
#include "runtime/memory_reuse.h"
#include "sigvit/error.h"

namespace {

void print_usage(std::ostream& out) {
  out << "usage: sigvit COMMAND [ARGS...]\n\ncommands:\n";
  for (const auto& command : sigvit::cli::commands()) out << "  " << command.name << "  " << command.summary << '\n';
  out << "\n'sigvit COMMAND --help' describes a command.\n";
}

}  // namespace

int main(int argc, char** argv) {
  // May re-execute the program with other kernels: before anything else runs.
  sigvit::select_fast_kernels(argv);
  // Past a file-size limit (ulimit -f) a write then fails with EFBIG, which
  // is reported like a full disk, instead of the signal ending the process.
  std::signal(SIGXFSZ, SIG_IGN);
  sigvit::remove_unfinished_files_on_termination();
  // Before the first large allocation.
  sigvit::keep_freed_memory();
  if (argc < 2) {
    print_usage(std::cerr);
    return 2;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(std::cout);
    return 0;
  }
  for (const auto& command : sigvit::cli::commands()) {
    if (command.name != name) continue;
    try {
      return command.run(std::vector<std::string>(argv + 2, argv + argc));
    } catch (const sigvit::Error& e) {
      std::cerr << "sigvit " << name << ": error: " << e.what() << '\n';
      return 1;
    } catch (const boost::program_options::error& e) {
      std::cerr << "sigvit " << name << ": " << e.what() << " (see 'sigvit " << name << " --help')\n";
      return 2;
    } catch (const c10::Error& e) {
      std::cerr << "sigvit " << name << ": LibTorch error: " << e.what_without_backtrace() << '\n';
      return 1;
    }
  }
  std::cerr << "sigvit: unknown command '" << name << "'\n\n";
  print_usage(std::cerr);
  return 2;
}
