#pragma once

namespace sigvit {

class Classifier;
class Experiment;

// The arithmetic a run's training takes, in GFLOP: three times the forward
// pass's FLOPs per sample (a backward pass costs about two forwards) x the
// training cases x the epochs. `pretraining`, when the run has one, adds its
// epochs over its own cases at the classifier's rate (the reconstruction
// decoder is light). A run to resume counts whole. Only the order of these
// numbers is used: `--jobs` starts the costliest runs first.
double estimated_training_gflop(const Experiment& experiment, Classifier& model,
                                const Experiment* pretraining = nullptr);

}  // namespace sigvit
