#include "engine/train_options.h"

#include <cmath>

namespace sigvit {
namespace {

double number_in(const ConfigNode& node, const std::string& key, double fallback, double minimum, double maximum,
                 const std::string& expected) {
  const double value = node.get<double>(key, fallback);
  if (!std::isfinite(value) || value < minimum || value > maximum) node.child(key).fail("expected " + expected);
  return value;
}

int64_t integer_at_least(const ConfigNode& node, const std::string& key, int64_t fallback, int64_t minimum) {
  const int64_t value = node.get<int64_t>(key, fallback);
  if (value < minimum) {
    node.child(key).fail("expected an integer >= " + std::to_string(minimum) + ", got " + std::to_string(value));
  }
  return value;
}

OptimizerKind parse_optimizer(const ConfigNode& node) {
  const std::string name = node.as<std::string>();
  if (name == "adamw") return OptimizerKind::adamw;
  if (name == "sgd") return OptimizerKind::sgd;
  node.fail("expected 'adamw' or 'sgd', got '" + name + "'");
}

ScheduleKind parse_schedule(const ConfigNode& node) {
  const std::string name = node.as<std::string>();
  if (name == "cosine") return ScheduleKind::cosine;
  if (name == "step") return ScheduleKind::step;
  if (name == "constant") return ScheduleKind::constant;
  node.fail("expected 'cosine', 'step' or 'constant', got '" + name + "'");
}

// `ema: 0.999` or `ema: {decay: 0.999, warmup: false}`.
EmaOptions parse_ema(const ConfigNode& node) {
  EmaOptions ema;
  if (node.is_scalar()) {
    ema.decay = node.as<double>();
  } else {
    if (!node.is_map()) node.fail("expected a decay in [0, 1) or a mapping with decay and warmup");
    node.expect_keys({"decay", "warmup"});
    ema.decay = node.get<double>("decay", ema.decay);
    ema.warmup = node.get<bool>("warmup", ema.warmup);
  }
  if (!(ema.decay >= 0 && ema.decay < 1)) {
    (node.is_map() ? node.child("decay") : node).fail("expected a decay in [0, 1) (0: no average), e.g. 0.999");
  }
  return ema;
}

}  // namespace

TrainOptions parse_train_options(const ConfigNode& train) {
  if (!train.is_map()) train.fail("expected a mapping");
  train.expect_keys({"epochs", "optimizer", "lr", "weight_decay", "betas", "eps", "momentum", "nesterov", "schedule",
                     "warmup_epochs", "min_lr", "step_epochs", "gamma", "label_smoothing", "grad_clip", "patience",
                     "eval_interval", "precision", "select", "ema", "nonfinite", "nonfinite_limit", "checkpoint_interval",
                     "sync_batchnorm", "freeze", "layer_decay", "class_weights"});
  constexpr double huge = 1e30;
  TrainOptions options;
  options.epochs = integer_at_least(train, "epochs", options.epochs, 1);
  OptimizerOptions& optimizer = options.optimizer;
  if (train.has("optimizer")) optimizer.kind = parse_optimizer(train.child("optimizer"));
  optimizer.lr = number_in(train, "lr", optimizer.lr, 0, huge, "a learning rate > 0");
  if (optimizer.lr == 0) train.child("lr").fail("expected a learning rate > 0");
  optimizer.weight_decay = number_in(train, "weight_decay", optimizer.weight_decay, 0, huge, "a number >= 0");
  if (train.has("betas")) {
    optimizer.betas = train.child("betas").as<std::vector<double>>();
    if (optimizer.betas.size() != 2 || !(optimizer.betas[0] >= 0 && optimizer.betas[0] < 1) ||
        !(optimizer.betas[1] >= 0 && optimizer.betas[1] < 1)) {
      train.child("betas").fail("expected [beta1, beta2], each in [0, 1)");
    }
  }
  optimizer.eps = number_in(train, "eps", optimizer.eps, 0, huge, "a number > 0");
  optimizer.momentum = number_in(train, "momentum", optimizer.momentum, 0, 1, "a number in [0, 1]");
  optimizer.nesterov = train.get<bool>("nesterov", optimizer.nesterov);
  if (train.has("freeze")) {
    const ConfigNode freeze = train.child("freeze");
    optimizer.freeze = freeze.is_scalar() ? std::vector<std::string>{freeze.as<std::string>()}
                                          : freeze.as<std::vector<std::string>>();
  }
  optimizer.layer_decay = number_in(train, "layer_decay", optimizer.layer_decay, 0, 1, "a factor in (0, 1]");
  if (optimizer.layer_decay == 0) train.child("layer_decay").fail("expected a factor in (0, 1]");

  ScheduleOptions& schedule = options.schedule;
  if (train.has("schedule")) schedule.kind = parse_schedule(train.child("schedule"));
  schedule.warmup_epochs = number_in(train, "warmup_epochs", schedule.warmup_epochs, 0,
                                     static_cast<double>(options.epochs), "a number of epochs in [0, train.epochs]");
  schedule.min_lr = number_in(train, "min_lr", schedule.min_lr, 0, optimizer.lr, "a number in [0, train.lr]");
  schedule.step_epochs = number_in(train, "step_epochs", schedule.step_epochs, 1e-9, huge, "a number of epochs > 0");
  schedule.gamma = number_in(train, "gamma", schedule.gamma, 0, 1, "a factor in [0, 1]");

  options.label_smoothing = number_in(train, "label_smoothing", 0.0, 0, 1, "a number in [0, 1)");
  if (options.label_smoothing >= 1) train.child("label_smoothing").fail("expected a number in [0, 1)");
  if (train.has("class_weights")) {
    const ConfigNode weights = train.child("class_weights");
    if (weights.is_scalar()) {
      if (weights.as<std::string>() != "auto") weights.fail("expected auto or a list of one weight per class");
      options.class_weights_auto = true;
    } else {
      options.class_weights = weights.as<std::vector<double>>();
      for (double weight : options.class_weights)
        if (!(weight > 0) || !std::isfinite(weight)) weights.fail("expected weights > 0, one per class");
    }
  }
  options.grad_clip = number_in(train, "grad_clip", 0.0, 0, huge, "a norm >= 0 (0: no clipping)");
  options.patience = integer_at_least(train, "patience", 0, 0);
  options.eval_interval = integer_at_least(train, "eval_interval", 1, 1);
  options.precision = train.get<std::string>("precision", options.precision);
  if (options.precision != "fp32" && options.precision != "bf16" && options.precision != "auto") {
    train.child("precision").fail("expected fp32, bf16 or auto, got '" + options.precision + "'");
  }
  options.select = train.get<std::string>("select", options.select);
  for (const char* valid : {"auto", "val_accuracy", "val_loss", "train_loss", "last"}) {
    if (options.select == valid) break;
    if (std::string(valid) == "last") {
      train.child("select").fail("expected auto, val_accuracy, val_loss, train_loss or last, got '" + options.select +
                                 "'");
    }
  }
  if (train.has("ema")) options.ema = parse_ema(train.child("ema"));
  options.nonfinite = train.get<std::string>("nonfinite", options.nonfinite);
  if (options.nonfinite != "stop" && options.nonfinite != "skip") {
    train.child("nonfinite").fail("expected stop or skip, got '" + options.nonfinite + "'");
  }
  options.nonfinite_limit = integer_at_least(train, "nonfinite_limit", options.nonfinite_limit, 1);
  options.checkpoint_interval = number_in(train, "checkpoint_interval", options.checkpoint_interval, 0, huge,
                                          "a number of seconds >= 0 (0: after every epoch)");
  options.sync_batchnorm = train.get<bool>("sync_batchnorm", options.sync_batchnorm);
  return options;
}

}  // namespace sigvit
