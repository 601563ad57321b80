// SPDX-License-Identifier: MIT
#include "cli/fleet_view.h"

#include "cli/progress.h"
#include "cli/text.h"

namespace luamig::cli {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kTick = std::chrono::milliseconds(100);

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string Fit(std::string text, int width) {
  if (width > 4 && text.size() > static_cast<size_t>(width))
    text = text.substr(0, static_cast<size_t>(width) - 3) + "...";
  return text;
}

std::string Pad(std::string text, size_t width) {
  if (text.size() < width) text += std::string(width - text.size(), ' ');
  return text;
}

const char* Verb(const StepInfo& s) {
  if (s.stamp_only) return "stamp";
  return s.direction == Direction::kUpgrade ? "upgrade" : "downgrade";
}

}  // namespace

std::string CountsText(const FleetReport& report) {
  std::string text;
  for (TargetState s : {TargetState::kOk, TargetState::kFailed, TargetState::kInterrupted,
                        TargetState::kNotStarted}) {
    size_t n = report.count(s);
    if (n == 0) continue;
    text += (text.empty() ? "" : ", ") + std::to_string(n) + " " + TargetStateName(s);
  }
  return text;
}

FleetView::FleetView(std::ostream& out, Terminal terminal, bool live, int verbosity,
                     size_t total)
    : out_(out), terminal_(terminal), live_(live), verbosity_(verbosity), total_(total) {
  if (live_ && verbosity_ >= 1) {
    ticker_ = std::thread([this] {
      std::unique_lock<std::mutex> lock(mu_);
      while (!stop_) {
        wake_.wait_for(lock, kTick);
        if (!stop_) Redraw();
      }
    });
  }
}

FleetView::~FleetView() { End(); }

void FleetView::End() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    Clear();
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

void FleetView::Line(const std::string& text) {
  Clear();
  out_ << text << std::endl;
  Redraw();
}

void FleetView::OnWave(size_t wave, size_t count) {
  if (verbosity_ < 1 || !show_waves_) return;
  std::lock_guard<std::mutex> lock(mu_);
  std::string name = wave == 0 ? "canary" : "wave " + std::to_string(wave);
  Line(
      Paint(terminal_, "1", "== " + name + ": " + std::to_string(count) + " targets =="));
}

void FleetView::OnPause(std::chrono::milliseconds pause) {
  if (verbosity_ < 1) return;
  std::lock_guard<std::mutex> lock(mu_);
  Line("pausing " + Elapsed(pause) + " before the next wave");
}

void FleetView::OnStopping(const std::string& reason) {
  std::lock_guard<std::mutex> lock(mu_);
  stopping_ = reason;
  if (verbosity_ < 1) return;
  Line(Paint(terminal_, "33", "stopping:") + " " + reason + "; no new target starts" +
       (active_.empty() ? "" : ", the running ones finish their current step"));
}

void FleetView::OnTargetStarted(const TargetResult& target) {
  std::lock_guard<std::mutex> lock(mu_);
  active_[target.name] = {"", "opening", Clock::now()};
}

void FleetView::OnTargetFinished(const TargetResult& t) {
  std::lock_guard<std::mutex> lock(mu_);
  active_.erase(t.name);
  bool ok = t.state == TargetState::kOk;
  if (ok) ++ok_;
  if (t.state == TargetState::kFailed) ++failed_;
  if (t.state == TargetState::kInterrupted) ++interrupted_;
  if (verbosity_ < 1 || (ok && live_)) {
    if (live_) Redraw();
    return;
  }
  std::string mark = ok ? Paint(terminal_, "32", "ok")
                        : Paint(terminal_, "31", TargetStateName(t.state));
  std::string text = "  " + mark + "  " + t.name + "  " + HeadsText(t.heads_before) +
                     " -> " + HeadsText(t.heads_after) + "  (" + Elapsed(t.duration) +
                     ")";
  if (!t.error.ok()) text += "  " + FirstLine(t.error.message());
  Line(text);
}

void FleetView::OnStepStarted(const std::string& target, const StepInfo& step,
                              size_t index, size_t total) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = active_.find(target);
  if (it == active_.end()) return;
  it->second.step = std::string(Verb(step)) + " " + step.revision + " [" +
                    std::to_string(index + 1) + "/" + std::to_string(total) + "]";
}

void FleetView::OnStepFinished(const std::string& target, const StepInfo& step,
                               std::chrono::microseconds duration) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = active_.find(target);
  if (it != active_.end()) it->second.step = "committed " + step.revision;
  if (verbosity_ >= 2)
    Line("    [" + target + "] " + Verb(step) + " " + step.revision + "  (" +
         Elapsed(duration) + ")");
}

void FleetView::OnLog(const std::string& target, const std::string& revision,
                      const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  if (verbosity_ >= 1) Line("    [" + target + "] [" + revision + "] " + message);
}

void FleetView::OnWarning(const std::string& target, const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  Line(Paint(terminal_, "33", "warning:") + " [" + target + "] " + message);
}

std::string FleetView::Block() {
  std::lock_guard<std::mutex> lock(mu_);
  return BlockLocked();
}

std::string FleetView::BlockLocked() {
  size_t done = ok_ + failed_ + interrupted_;
  ProgressState p;
  p.done = done;
  p.total = total_;
  std::string head = "  " + ProgressBar(p, 40) + "  ok " + std::to_string(ok_);
  if (failed_ > 0)
    head += "  " + Paint(terminal_, "31", "failed " + std::to_string(failed_));
  if (interrupted_ > 0) head += "  interrupted " + std::to_string(interrupted_);
  head += "  running " + std::to_string(active_.size()) + "  " +
          Elapsed(Clock::now() - start_);
  if (!stopping_.empty()) head += "  (stopping)";
  std::string block = head + "\n";
  size_t shown = 0;
  size_t name_width = 0;
  for (const auto& [name, _] : active_) name_width = std::max(name_width, name.size());
  for (const auto& [name, a] : active_) {
    if (shown++ == kMaxActiveLines) {
      block += "  ... and " + std::to_string(active_.size() - kMaxActiveLines) +
               " more running\n";
      break;
    }
    block += Fit("  " + Paint(terminal_, "36", "~") + " " + Pad(name, name_width) + "  " +
                     a.step + "  " + Elapsed(Clock::now() - a.start),
                 terminal_.width) +
             "\n";
  }
  return block;
}

void FleetView::Clear() {
  if (drawn_lines_ == 0) return;
  out_ << "\x1b[" << drawn_lines_ << "A\r\x1b[J" << std::flush;
  drawn_lines_ = 0;
}

void FleetView::Redraw() {
  if (!live_ || verbosity_ < 1 || stop_) return;
  std::string block = BlockLocked();
  Clear();
  size_t lines = 0;
  for (char c : block) lines += c == '\n' ? 1 : 0;
  out_ << block << std::flush;
  drawn_lines_ = lines;
}

}  // namespace luamig::cli
