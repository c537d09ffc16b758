#include "data/sources/edf_file.h"

#include <edflib.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "data/sources/text_fields.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

// EDFlib keeps its open files in a global table that edfopen_file_readonly
// and edfclose_file update without a lock.
std::mutex edflib_table;

std::string open_failure(int code) {
  switch (code) {
    case EDFLIB_MALLOC_ERROR:
      return "out of memory";
    case EDFLIB_NO_SUCH_FILE_OR_DIRECTORY:
      return "no such file, or it cannot be opened";
    case EDFLIB_FILE_CONTAINS_FORMAT_ERRORS:
      return "not a valid EDF/BDF file (its header or size breaks the format)";
    case EDFLIB_MAXFILES_REACHED:
      return "too many EDF files open at once";
    case EDFLIB_FILE_READ_ERROR:
      return "read error";
    case EDFLIB_FILE_ALREADY_OPENED:
      return "already open";
    case EDFLIB_FILE_IS_DISCONTINUOUS:
      return "a discontinuous recording (EDF+D or BDF+D), which cannot be read; expected EDF, BDF, EDF+C or BDF+C";
    case EDFLIB_NUMBER_OF_SIGNALS_INVALID:
      return "an invalid number of signals";
    case EDFLIB_ARCH_ERROR:
      return "EDFlib needs a platform with 64-bit file offsets";
    default:
      return "EDFlib error " + std::to_string(code);
  }
}

std::string file_type_name(int type) {
  switch (type) {
    case EDFLIB_FILETYPE_EDF:
      return "EDF";
    case EDFLIB_FILETYPE_EDFPLUS:
      return "EDF+";
    case EDFLIB_FILETYPE_BDF:
      return "BDF";
    case EDFLIB_FILETYPE_BDFPLUS:
      return "BDF+";
    default:
      return "type " + std::to_string(type);
  }
}

class EdfHandle {
 public:
  EdfHandle(const std::string& path, edf_hdr_struct& header) {
    const std::lock_guard<std::mutex> lock(edflib_table);
    if (edfopen_file_readonly(path.c_str(), &header, EDFLIB_READ_ALL_ANNOTATIONS) != 0)
      throw Error(path + ": cannot read as EDF/BDF: " + open_failure(header.filetype));
    handle_ = header.handle;
  }
  ~EdfHandle() {
    const std::lock_guard<std::mutex> lock(edflib_table);
    edfclose_file(handle_);
  }
  EdfHandle(const EdfHandle&) = delete;
  EdfHandle& operator=(const EdfHandle&) = delete;

  int get() const { return handle_; }

 private:
  int handle_ = -1;
};

std::vector<float> read_samples(const std::string& path, const EdfHandle& file, int signal, long long count,
                                const std::string& label) {
  constexpr long long kChunk = 1 << 16;
  std::vector<float> samples;
  samples.reserve(static_cast<size_t>(count));
  std::vector<double> chunk(static_cast<size_t>(std::min(count, kChunk)));
  while (static_cast<long long>(samples.size()) < count) {
    const int wanted = static_cast<int>(std::min(count - static_cast<long long>(samples.size()), kChunk));
    const int read = edfread_physical_samples(file.get(), signal, wanted, chunk.data());
    if (read <= 0)
      throw Error(path + ": signal '" + label + "': read " + std::to_string(samples.size()) + " samples, expected " +
                  std::to_string(count));
    samples.insert(samples.end(), chunk.begin(), chunk.begin() + read);
  }
  return samples;
}

}  // namespace

EdfRecording read_edf_file(const std::string& path) {
  // About 200 KB, most of it room for EDFlib's maximum of 640 signals.
  auto header = std::make_unique<edf_hdr_struct>();
  const EdfHandle file(path, *header);
  EdfRecording recording;
  recording.file_type = file_type_name(header->filetype);
  if (header->edfsignals < 1) throw Error(path + ": no signals, expected at least one besides annotations");
  if (header->datarecord_duration <= 0)
    throw Error(path + ": data records of duration 0 s, expected a positive duration to derive sample rates from");
  const double record_seconds = static_cast<double>(header->datarecord_duration) / EDFLIB_TIME_DIMENSION;
  for (int s = 0; s < header->edfsignals; ++s) {
    const edf_param_struct& parameters = header->signalparam[s];
    EdfSignal signal;
    signal.label = trim(parameters.label);
    signal.physical_dimension = trim(parameters.physdimension);
    signal.sample_rate = parameters.smp_in_datarecord / record_seconds;
    signal.samples = read_samples(path, file, s, parameters.smp_in_file, signal.label);
    recording.signals.push_back(std::move(signal));
  }
  for (long long n = 0; n < header->annotations_in_file; ++n) {
    edf_annotation_struct annotation{};
    if (edf_get_annotation(file.get(), static_cast<int>(n), &annotation) != 0)
      throw Error(path + ": cannot read annotation " + std::to_string(n + 1) + " of " +
                  std::to_string(header->annotations_in_file));
    EdfAnnotation read;
    read.onset = static_cast<double>(annotation.onset) / EDFLIB_TIME_DIMENSION;
    if (annotation.duration_l >= 0) read.duration = static_cast<double>(annotation.duration_l) / EDFLIB_TIME_DIMENSION;
    read.text = trim(annotation.annotation);
    recording.annotations.push_back(std::move(read));
  }
  return recording;
}

}  // namespace sigvit
