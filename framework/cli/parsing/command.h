#pragma once

#include <string>
#include <vector>

namespace sigvit::cli {

// One `sigvit NAME ...` subcommand. `run` receives the arguments after NAME
// and returns the process exit code; user errors are thrown as sigvit::Error.
struct Command {
  std::string name;
  std::string summary;
  int (*run)(const std::vector<std::string>& args);
};

const std::vector<Command>& commands();

int run_summary(const std::vector<std::string>& args);
int run_plugins(const std::vector<std::string>& args);
int run_convert(const std::vector<std::string>& args);
int run_run(const std::vector<std::string>& args);
int run_eval(const std::vector<std::string>& args);
int run_predict(const std::vector<std::string>& args);
int run_bench(const std::vector<std::string>& args);
int run_compare(const std::vector<std::string>& args);
int run_search(const std::vector<std::string>& args);
int run_inspect(const std::vector<std::string>& args);
int run_export(const std::vector<std::string>& args);
int run_explain(const std::vector<std::string>& args);
int run_pretrain(const std::vector<std::string>& args);

}  // namespace sigvit::cli
