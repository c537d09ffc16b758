#include "results/progress.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "core/text.h"

namespace sigvit {

std::string format_duration(double seconds) {
  const auto total = static_cast<int64_t>(std::llround(std::max(0.0, seconds)));
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", static_cast<long long>(total / 3600),
                  static_cast<long long>(total / 60 % 60), static_cast<long long>(total % 60));
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(total / 60),
                  static_cast<long long>(total % 60));
  }
  return text;
}

ProgressReporter::ProgressReporter(std::ostream& out, bool terminal, int64_t epochs, int64_t batches_per_epoch)
    : out_(out),
      terminal_(terminal),
      epochs_(epochs),
      batches_per_epoch_(std::max<int64_t>(batches_per_epoch, 1)),
      last_print_(std::chrono::steady_clock::now()) {}

void ProgressReporter::step(int64_t epoch, int64_t batch, const RunningTotals& totals) {
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - last_print_).count();
  const bool epoch_end = batch == batches_per_epoch_;
  // On a terminal the bar is redrawn often and shown full at the end; elsewhere
  // a line now and then, the epoch's own line reporting its end.
  const bool due = terminal_ ? since >= 0.25 || epoch_end : since >= quiet_seconds_ && !epoch_end;
  if (!due) return;
  last_print_ = now;
  const double fraction = static_cast<double>(batch) / static_cast<double>(batches_per_epoch_);
  const double rate = totals.seconds > 0 ? static_cast<double>(totals.cases) / totals.seconds : 0.0;
  const double epoch_eta = fraction > 0 ? totals.seconds * (1 - fraction) / fraction : 0.0;
  constexpr int width = 24;
  const int filled = static_cast<int>(fraction * width);
  char head[192];
  std::snprintf(head, sizeof head, "epoch %lld/%lld [%s%s] %3.0f%% %7.1f samples/s  loss %.4f",
                static_cast<long long>(epoch + 1), static_cast<long long>(epochs_),
                std::string(static_cast<size_t>(filled), '#').c_str(),
                std::string(static_cast<size_t>(width - filled), '.').c_str(), 100 * fraction, rate, totals.loss());
  std::string line = head;
  if (const auto accuracy = totals.accuracy()) line += format_number("  acc %5.1f%%", 100 * *accuracy);
  line += "  ETA " + format_duration(epoch_eta);
  if (terminal_) {
    out_ << '\r' << line << "\033[K" << std::flush;
  } else {
    out_ << line << '\n' << std::flush;
  }
}

void ProgressReporter::epoch_done(const EpochRecord& record) {
  char head[128];
  std::snprintf(head, sizeof head, "epoch %3lld/%lld  lr %.2e  train loss %.4f", static_cast<long long>(record.epoch),
                static_cast<long long>(epochs_), record.lr, record.train_loss);
  std::string line = head;
  if (record.train_accuracy) line += format_number(" acc %5.1f%%", 100 * *record.train_accuracy);
  if (record.val_loss) {
    line += format_number("  |  val loss %.4f", *record.val_loss);
    if (record.val_accuracy) line += format_number(" acc %5.1f%%", 100 * *record.val_accuracy);
  }
  line += "  " + format_duration(record.seconds);
  if (terminal_) out_ << '\r' << "\033[K";
  out_ << line << '\n' << std::flush;
}

}  // namespace sigvit
