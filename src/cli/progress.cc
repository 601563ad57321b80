// SPDX-License-Identifier: MIT
#include "cli/progress.h"

#include <cmath>
#include <cstdio>

namespace luamig::cli {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kTick = std::chrono::milliseconds(100);

std::string Millis(std::chrono::microseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f ms", static_cast<double>(d.count()) / 1000.0);
  return buf;
}

const char* Verb(const StepInfo& s) {
  if (s.stamp_only) return "stamp";
  return s.direction == Direction::kUpgrade ? "upgrade" : "downgrade";
}

std::string StepText(const StepInfo& step) {
  std::string text = std::string(Verb(step)) + " " + step.revision;
  if (!step.message.empty()) text += "  " + step.message;
  return text;
}

std::string Seconds(double s) {
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%.0fs", std::ceil(s));
  } else {
    std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60,
                  static_cast<int>(s) % 60);
  }
  return buf;
}

}  // namespace

std::string Elapsed(Clock::duration d) {
  double s = std::chrono::duration<double>(d).count();
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%.1fs", s);
  } else {
    std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60,
                  static_cast<int>(s) % 60);
  }
  return buf;
}

std::string ProgressNumbers(const ProgressState& p) {
  std::string tail;
  if (p.total > 0) {
    double frac =
        std::min(1.0, static_cast<double>(p.done) / static_cast<double>(p.total));
    char pct[16];
    std::snprintf(pct, sizeof pct, "%3d%%", static_cast<int>(frac * 100));
    tail += std::string("  ") + pct + "  " + std::to_string(p.done) + "/" +
            std::to_string(p.total);
  } else {
    tail += "  " + std::to_string(p.done);
  }
  if (p.rate > 0) {
    tail += "  " + std::to_string(static_cast<uint64_t>(p.rate)) + "/s";
    if (p.total > p.done)
      tail += "  ETA " + Seconds(static_cast<double>(p.total - p.done) / p.rate);
  }
  return tail;
}

std::string ProgressBar(const ProgressState& p, size_t width) {
  std::string tail = ProgressNumbers(p);
  if (p.total == 0 || width < tail.size() + 7) return tail.size() <= width ? tail : "";
  size_t cells = std::min<size_t>(30, width - tail.size() - 2);
  size_t full = static_cast<size_t>(static_cast<double>(cells) *
                                    static_cast<double>(std::min(p.done, p.total)) /
                                    static_cast<double>(p.total));
  return "[" + std::string(full, '#') + std::string(cells - full, '-') + "]" + tail;
}

ProgressPrinter::ProgressPrinter(std::ostream& out, std::ostream& err, Terminal terminal,
                                 bool live, int verbosity)
    : out_(out),
      err_(err),
      terminal_(terminal),
      err_terminal_(terminal.OnStderr()),
      live_(live),
      verbosity_(verbosity) {}

ProgressPrinter::~ProgressPrinter() { StopTicker(); }

void ProgressPrinter::OnStepStarted(const StepInfo& step, size_t index, size_t total) {
  std::lock_guard<std::mutex> lock(mu_);
  step_text_ = StepText(step);
  step_revision_ = step.revision;
  step_start_ = Clock::now();
  last_pipe_line_ = step_start_;
  step_running_ = true;
  progress_.reset();
  if (verbosity_ < 1 || logs_to_err_) return;
  if (live_) {
    step_text_ =
        "[" + std::to_string(index + 1) + "/" + std::to_string(total) + "] " + step_text_;
    Redraw();
    if (!ticker_.joinable()) StartTicker();
  } else if (verbosity_ >= 2) {
    out_ << "  [" << index + 1 << "/" << total << "] running " << Verb(step) << " "
         << step.revision << " (" << step.file << ")" << std::endl;
  }
}

void ProgressPrinter::OnStepFinished(const StepInfo& step,
                                     std::chrono::microseconds took) {
  std::lock_guard<std::mutex> lock(mu_);
  ++finished_;
  done_.push_back({step, took});
  step_running_ = false;
  progress_.reset();
  if (verbosity_ < 1 || logs_to_err_) return;
  if (live_) ClearLine();
  std::string mark = step.direction == Direction::kUpgrade ? "+" : "-";
  if (live_) mark = Paint(terminal_, "32", mark);
  out_ << "  " << mark << " " << StepText(step) << "  (" << Millis(took) << ")"
       << std::endl;
}

void ProgressPrinter::OnStepProgress(const ProgressState& state) {
  std::lock_guard<std::mutex> lock(mu_);
  progress_ = state;
  const auto now = Clock::now();
  if (progress_->rate <= 0) {
    double s = std::chrono::duration<double>(now - step_start_).count();
    if (s > 0) progress_->rate = static_cast<double>(progress_->done) / s;
  }
  if (!step_running_ || verbosity_ < 1 || logs_to_err_) return;
  if (live_) {
    Redraw();
    return;
  }
  // A pipe (a CI log): an occasional plain line, so a long step shows it is
  // moving without filling the log.
  if (now - last_pipe_line_ < pipe_every_) return;
  last_pipe_line_ = now;
  out_ << "    [" << step_revision_ << "]" << ProgressNumbers(*progress_) << "  "
       << Elapsed(now - step_start_) << std::endl;
}

void ProgressPrinter::OnWaitingForLock(const std::string& what) {
  std::lock_guard<std::mutex> lock(mu_);
  if (live_) ClearLine();
  err_ << "waiting for another luamig run to release the migration lock on " << what
       << " ..." << std::endl;
}

void ProgressPrinter::OnLog(const std::string& revision, const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  if (verbosity_ < 1) return;
  if (live_) ClearLine();
  (logs_to_err_ ? err_ : out_) << (logs_to_err_ ? "[" : "    [") << revision << "] "
                               << message << std::endl;
  if (live_ && step_running_) Redraw();
}

void ProgressPrinter::OnWarning(const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  if (live_) ClearLine();
  err_ << Paint(err_terminal_, "33", "warning:") << " " << message << std::endl;
  if (live_ && step_running_) Redraw();
}

void ProgressPrinter::ClearLine() {
  if (!line_drawn_) return;
  out_ << "\r\x1b[K" << std::flush;
  line_drawn_ = false;
}

void ProgressPrinter::Redraw() {
  std::string line = "  " + Paint(terminal_, "36", "~") + " " + step_text_ + "  " +
                     Elapsed(Clock::now() - step_start_);
  if (progress_) {
    size_t used = step_text_.size() + 16;
    size_t room = static_cast<size_t>(terminal_.width) > used
                      ? static_cast<size_t>(terminal_.width) - used
                      : 0;
    std::string bar = ProgressBar(*progress_, room);
    if (!bar.empty()) line += "  " + bar;
  }
  out_ << "\r\x1b[K" << line << std::flush;
  line_drawn_ = true;
}

void ProgressPrinter::EndRun() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!live_ || !line_drawn_) return;
  ClearLine();
  if (step_running_) {
    out_ << "  " << Paint(terminal_, "31", "!") << " " << step_text_ << "  (failed after "
         << Elapsed(Clock::now() - step_start_) << ")" << std::endl;
    step_running_ = false;
  }
}

void ProgressPrinter::StartTicker() {
  ticker_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      wake_.wait_for(lock, kTick);
      if (!stop_ && step_running_ && line_drawn_) Redraw();
    }
  });
}

void ProgressPrinter::StopTicker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    ClearLine();
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

}  // namespace luamig::cli
