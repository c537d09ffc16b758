#include "compare/parallel_runs.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "results/progress.h"
#include "runtime/interrupt.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

struct Running {
  ChildRun run;
  std::chrono::steady_clock::time_point started;
};

std::string log_of(const ChildRun& run) { return run.directory + "/compare.log"; }

pid_t start_child(const ChildRun& run, const ChildCommand& command) {
  std::filesystem::create_directories(run.directory);
  std::vector<std::string> arguments{command.executable, "compare", command.file, "--only",
                                     std::to_string(run.index + 1), "--no-report", "--threads",
                                     std::to_string(command.threads)};
  for (const std::string& assignment : command.overrides) {
    arguments.push_back("--set");
    arguments.push_back(assignment);
  }
  if (command.nproc > 1) {
    arguments.push_back("--nproc");
    arguments.push_back(std::to_string(command.nproc));
  }
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  const std::string log = log_of(run);
  const pid_t pid = fork();
  if (pid < 0) throw Error("compare --jobs: cannot start a process for " + run.label);
  if (pid == 0) {
    const int output = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (output >= 0) {
      dup2(output, STDOUT_FILENO);
      dup2(output, STDERR_FILENO);
    }
    execv(argv[0], argv.data());
    std::perror("sigvit compare --jobs: exec");
    _exit(127);
  }
  return pid;
}

// "finished in 1m02s, test accuracy 95.3%", or why there is no result.
std::string ending(const Running& running, int status) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - running.started).count();
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    std::ifstream result(running.run.directory + "/result.json");
    if (!result) return "not trained here (another process holds it; see " + log_of(running.run) + ")";
    const auto json = nlohmann::json::parse(result, nullptr, false);
    std::string text = "finished in " + format_duration(seconds);
    if (json.is_object() && json.contains("test_accuracy") && json["test_accuracy"].is_number()) {
      char accuracy[32];
      std::snprintf(accuracy, sizeof accuracy, ", test accuracy %.1f%%", 100 * json["test_accuracy"].get<double>());
      text += accuracy;
    }
    return text;
  }
  if (WIFEXITED(status) && (WEXITSTATUS(status) == 128 + SIGINT || WEXITSTATUS(status) == 128 + SIGTERM)) {
    return "interrupted with its checkpoint saved; the next `sigvit compare` resumes it";
  }
  if (WIFEXITED(status)) return "failed (exit " + std::to_string(WEXITSTATUS(status)) + ", see " + log_of(running.run) + ")";
  return "stopped by signal " + std::to_string(WTERMSIG(status)) + " (see " + log_of(running.run) + ")";
}

}  // namespace

std::vector<ChildRun> longest_first(std::vector<ChildRun> runs) {
  std::stable_sort(runs.begin(), runs.end(),
                   [](const ChildRun& a, const ChildRun& b) { return a.estimated_gflop > b.estimated_gflop; });
  return runs;
}

ParallelOutcome train_in_parallel(const std::vector<ChildRun>& given_runs, int jobs, const ChildCommand& command,
                                  std::ostream& out) {
  const std::vector<ChildRun> runs = longest_first(given_runs);
  ParallelOutcome outcome;
  std::map<pid_t, Running> running;
  size_t next = 0;
  bool passed_on = false;
  InterruptGuard interrupt;
  // After an interruption only the running children are waited for; the
  // runs not yet started stay for the next `sigvit compare`.
  while ((!outcome.interrupted && next < runs.size()) || !running.empty()) {
    if (InterruptGuard::requested()) {
      outcome.interrupted = true;
      // A terminal's Ctrl-C reaches the children already; a signal sent to
      // this process alone does not.
      if (!passed_on) {
        for (const auto& child : running) kill(child.first, SIGINT);
        passed_on = true;
      }
    }
    while (!outcome.interrupted && next < runs.size() && running.size() < static_cast<size_t>(jobs)) {
      const ChildRun& run = runs[next++];
      const pid_t pid = start_child(run, command);
      running.emplace(pid, Running{run, std::chrono::steady_clock::now()});
      out << "[" << run.index + 1 << "] " << run.label << ": started (" << command.threads << " thread"
          << (command.threads == 1 ? "" : "s") << ", log " << log_of(run) << ")\n"
          << std::flush;
    }
    int status = 0;
    const pid_t ended = waitpid(-1, &status, WNOHANG);
    if (ended <= 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    const auto found = running.find(ended);
    if (found == running.end()) continue;
    const std::string how = ending(found->second, status);
    out << "[" << found->second.run.index + 1 << "] " << found->second.run.label << ": " << how << "\n" << std::flush;
    if (how.rfind("failed", 0) == 0 || how.rfind("stopped", 0) == 0) {
      outcome.failed.push_back(found->second.run.label + " (" + how + ")");
    }
    running.erase(found);
  }
  return outcome;
}

}  // namespace sigvit
