#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sigvit::fuzzing {

// What each libFuzzer target of this folder does with one input, shared with
// the regression test that replays every input a fuzzer once failed on
// (tests/fuzz/regressions/TARGET/). Bad input must end in a sigvit::Error;
// anything else escapes.

// The experiment config: YAML over a base file, with --set overrides, then
// the experiment schema. Input: YAML; each line "#set KEY=VALUE" is also an override.
void feed_config(const uint8_t* data, size_t size);

// An HDF5 data set from a stranger: the validator `sigvit convert` and
// loading run, then the reader on its first cases.
void feed_dataset(const uint8_t* data, size_t size);

// A checkpoint file: its records, card, training state and weight average.
void feed_checkpoint(const uint8_t* data, size_t size);

// metrics.csv as `sigvit compare` reads it back.
void feed_metrics_csv(const uint8_t* data, size_t size);

// The UCR/UEA .ts format and the UCR archive's .tsv.
void feed_ts(const uint8_t* data, size_t size);

// A CSV table as `sigvit convert csv` reads it, wide and split per class into train
// and test, then long and cut into windows.
void feed_csv(const uint8_t* data, size_t size);

// Any HDF5 file as `sigvit convert h5` reads it: every data set by name.
void feed_h5_arrays(const uint8_t* data, size_t size);

// A .npy file, then the same bytes as an .npz archive (every array parsed).
void feed_npy(const uint8_t* data, size_t size);

// An IDX file (MNIST's format).
void feed_idx(const uint8_t* data, size_t size);

// A PNG, PGM or PPM image, as `sigvit predict` and the converters read them.
void feed_picture(const uint8_t* data, size_t size);

// An audio file through libsndfile (WAV, FLAC, ...).
void feed_audio(const uint8_t* data, size_t size);

// An EDF, EDF+, BDF or BDF+ recording through EDFlib.
void feed_edf(const uint8_t* data, size_t size);

// A MATLAB .mat file (v4, v5, v7.3) through matio.
void feed_mat(const uint8_t* data, size_t size);

// A weights file for model.pretrained: as safetensors, then as a torch.save
// archive (the zip checks, the unpickler and the state-dict walk).
void feed_weights(const uint8_t* data, size_t size);

// The targets by name, for the regression test.
struct FuzzTarget {
  std::string name;
  void (*parse)(const uint8_t* data, size_t size);
};
const std::vector<FuzzTarget>& fuzz_targets();

}  // namespace sigvit::fuzzing
