#include "data/load/case_store.h"

#include <algorithm>

#include "data/format/dataset_reader.h"

namespace sigvit {

CaseStore::CaseStore(std::shared_ptr<const DatasetReader> reader, std::string split, int64_t block_cases, bool whole)
    : reader_(std::move(reader)), split_(std::move(split)), block_cases_(block_cases), whole_(whole) {
  if (whole_) {
    block_cases_ = std::max<int64_t>(reader_->split(split_).num_cases, 1);
    block(0);
  }
}

void CaseStore::plan(const std::vector<std::vector<int64_t>>& batches) {
  batches_ = batches;
  last_use_.clear();
  for (size_t b = 0; b < batches_.size(); ++b) {
    for (int64_t c : batches_[b]) last_use_[c / block_cases_] = b;
  }
  if (!whole_) blocks_.clear();
}

const CaseStore::Block& CaseStore::block(int64_t id) {
  auto found = blocks_.find(id);
  if (found != blocks_.end()) return found->second;
  const int64_t begin = id * block_cases_;
  const int64_t count = std::min(block_cases_, reader_->split(split_).num_cases - begin);
  CaseBlock read = reader_->read_cases(split_, begin, count);
  // The tensor takes over the decoded values without a copy.
  auto* values = new std::vector<float>(std::move(read.values));
  Block loaded;
  loaded.x = torch::from_blob(values->data(), read.shape, [values](void*) { delete values; }, torch::kFloat32);
  loaded.y = torch::tensor(read.labels, torch::kInt64);
  if (!read.lengths.empty()) loaded.lengths = torch::tensor(read.lengths, torch::kInt64);
  return blocks_.emplace(id, std::move(loaded)).first->second;
}

GatheredCases CaseStore::gather(size_t index) {
  const std::vector<int64_t>& cases = batches_.at(index);
  // Rows per block, blocks in order of first appearance, and where each row
  // goes in the batch.
  std::vector<int64_t> block_ids;
  std::map<int64_t, std::vector<int64_t>> rows;
  std::map<int64_t, std::vector<int64_t>> positions;
  for (size_t i = 0; i < cases.size(); ++i) {
    const int64_t id = cases[i] / block_cases_;
    if (rows.find(id) == rows.end()) block_ids.push_back(id);
    rows[id].push_back(cases[i] - id * block_cases_);
    positions[id].push_back(static_cast<int64_t>(i));
  }
  std::vector<torch::Tensor> xs, ys, lengths;
  std::vector<int64_t> batch_position;
  for (int64_t id : block_ids) {
    const Block& source = block(id);
    const torch::Tensor selected = torch::tensor(rows[id], torch::kInt64);
    xs.push_back(source.x.index_select(0, selected));
    ys.push_back(source.y.index_select(0, selected));
    if (source.lengths.defined()) lengths.push_back(source.lengths.index_select(0, selected));
    batch_position.insert(batch_position.end(), positions[id].begin(), positions[id].end());
  }
  GatheredCases gathered;
  if (block_ids.size() == 1) {
    gathered = {xs[0], ys[0], lengths.empty() ? torch::Tensor() : lengths[0]};
  } else {
    // The rows came out grouped by block; put them back in batch order.
    const torch::Tensor order = torch::argsort(torch::tensor(batch_position, torch::kInt64));
    gathered.x = torch::cat(xs).index_select(0, order);
    gathered.y = torch::cat(ys).index_select(0, order);
    if (!lengths.empty()) gathered.lengths = torch::cat(lengths).index_select(0, order);
  }
  if (!whole_) {
    for (int64_t id : block_ids) {
      if (last_use_[id] <= index) blocks_.erase(id);
    }
  }
  return gathered;
}

}  // namespace sigvit
