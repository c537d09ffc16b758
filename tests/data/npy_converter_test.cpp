#include "data/convert/npy_converter.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include "data/convert/converter_registry.h"
#include "data/sources/numpy_file.h"
#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::error_of;
using data_testing::file_contents;
using data_testing::TempDir;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Runs `code` with NumPy imported as np, in `dir`: the files it writes land there.
bool npy_python(const TempDir& dir, const std::string& code) {
  return data_testing::run_python(dir, "import numpy as np\n" + code);
}

// A format 1.0 .npy with `header` as it is (no padding) and raw `data`.
std::string npy_handmade(const std::string& header, const std::string& data) {
  std::string bytes("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>(header.size() >> 8);
  return bytes + header + data;
}

struct NpyNumbers {
  std::string descr;
  std::string python_values;
  std::vector<double> expected;
  std::string dtype;
};

TEST(NpyReader, ReadsEveryNumericDtypeInBothByteOrders) {
  const double int64_min = static_cast<double>(std::numeric_limits<int64_t>::min());
  const double int64_max = static_cast<double>(std::numeric_limits<int64_t>::max());
  const double uint64_max = static_cast<double>(std::numeric_limits<uint64_t>::max());
  const double infinity = std::numeric_limits<double>::infinity();
  const std::vector<NpyNumbers> cases{
      {"|b1", "[True, False, True]", {1, 0, 1}, "bool"},
      {"|i1", "[-128, -1, 0, 127]", {-128, -1, 0, 127}, "int8"},
      {"|u1", "[0, 1, 255]", {0, 1, 255}, "uint8"},
      {"<i2", "[-32768, -2, 300, 32767]", {-32768, -2, 300, 32767}, "int16"},
      {">i2", "[-32768, -2, 300, 32767]", {-32768, -2, 300, 32767}, "int16"},
      {"<u2", "[0, 65535, 258]", {0, 65535, 258}, "uint16"},
      {">u2", "[0, 65535, 258]", {0, 65535, 258}, "uint16"},
      {"<i4", "[-2147483648, -5, 70000, 2147483647]", {-2147483648.0, -5, 70000, 2147483647}, "int32"},
      {">i4", "[-2147483648, -5, 70000, 2147483647]", {-2147483648.0, -5, 70000, 2147483647}, "int32"},
      {"<u4", "[0, 4294967295, 16909060]", {0, 4294967295.0, 16909060}, "uint32"},
      {">u4", "[0, 4294967295, 16909060]", {0, 4294967295.0, 16909060}, "uint32"},
      {"<i8", "[-2**63, -7, 2**40 + 3, 2**63 - 1]", {int64_min, -7, 1099511627779.0, int64_max}, "int64"},
      {">i8", "[-2**63, -7, 2**40 + 3, 2**63 - 1]", {int64_min, -7, 1099511627779.0, int64_max}, "int64"},
      {"<u8", "[0, 2**53, 2**64 - 1]", {0, 9007199254740992.0, uint64_max}, "uint64"},
      {">u8", "[0, 2**53, 2**64 - 1]", {0, 9007199254740992.0, uint64_max}, "uint64"},
      // 0.1 rounds to the nearest half; 2**-24 is the smallest subnormal.
      {"<f2",
       "[0.1, -2.0, 65504.0, 2**-24, 2**-14, float('inf')]",
       {0.0999755859375, -2, 65504, std::ldexp(1.0, -24), std::ldexp(1.0, -14), infinity},
       "float16"},
      {">f2",
       "[0.1, -2.0, 65504.0, 2**-24, 2**-14, float('-inf')]",
       {0.0999755859375, -2, 65504, std::ldexp(1.0, -24), std::ldexp(1.0, -14), -infinity},
       "float16"},
      {"<f4", "[0.1, -1e30, 3.5]", {0.1f, -1e30f, 3.5}, "float32"},
      {">f4", "[0.1, -1e30, 3.5]", {0.1f, -1e30f, 3.5}, "float32"},
      {"<f8", "[0.1, -1e300, 5e-324]", {0.1, -1e300, 5e-324}, "float64"},
      {">f8", "[0.1, -1e300, 5e-324]", {0.1, -1e300, 5e-324}, "float64"},
  };
  TempDir dir;
  std::string code;
  for (size_t i = 0; i < cases.size(); ++i)
    code += "np.save('a" + std::to_string(i) + ".npy', np.array(" + cases[i].python_values + ", dtype='" +
            cases[i].descr + "'))\n";
  ASSERT_TRUE(npy_python(dir, code));
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].descr);
    const std::string path = dir.file("a" + std::to_string(i) + ".npy");
    const NumericArray array = read_npy(path);
    EXPECT_THAT(array.shape, ElementsAre(static_cast<int64_t>(cases[i].expected.size())));
    EXPECT_EQ(array.numbers, cases[i].expected);
    EXPECT_FALSE(array.is_text());
    EXPECT_EQ(array.dtype, cases[i].dtype);
    EXPECT_EQ(array.origin, path);
  }
}

TEST(NpyReader, TransposesFortranOrderArraysIntoRowMajor) {
  TempDir dir;
  ASSERT_TRUE(npy_python(dir,
                         "np.save('f.npy', np.asfortranarray(np.arange(24, dtype='<i4').reshape(2, 3, 4)))\n"
                         "np.save('t.npy', np.asfortranarray(np.array([['a', 'bb', 'c'], ['d', 'e', 'f']])))\n"
                         "assert b'True' in open('f.npy', 'rb').read(128)"));
  const NumericArray numbers = read_npy(dir.file("f.npy"));
  EXPECT_THAT(numbers.shape, ElementsAre(2, 3, 4));
  std::vector<double> counting(24);
  for (size_t i = 0; i < counting.size(); ++i) counting[i] = static_cast<double>(i);
  EXPECT_EQ(numbers.numbers, counting);
  const NumericArray texts = read_npy(dir.file("t.npy"));
  EXPECT_THAT(texts.shape, ElementsAre(2, 3));
  EXPECT_THAT(texts.texts, ElementsAre("a", "bb", "c", "d", "e", "f"));
}

TEST(NpyReader, ReadsUnicodeAndByteStringsWithoutTheirPadding) {
  TempDir dir;
  ASSERT_TRUE(npy_python(dir,
                         "np.save('u.npy', np.array(['cat', 'd\\u00f6g', '\\U0001f40d', '']))\n"
                         "np.save('b.npy', np.array(['ab', 'c'], dtype='>U2'))\n"
                         "np.save('s.npy', np.array([b'ab', b'c\\x00d', b'']))"));
  const NumericArray unicode = read_npy(dir.file("u.npy"));
  EXPECT_THAT(unicode.texts, ElementsAre("cat", "d\xc3\xb6g", "\xf0\x9f\x90\x8d", ""));
  EXPECT_TRUE(unicode.is_text());
  EXPECT_EQ(unicode.dtype, "str (<U3)");
  EXPECT_THAT(read_npy(dir.file("b.npy")).texts, ElementsAre("ab", "c"));
  const NumericArray bytes = read_npy(dir.file("s.npy"));
  EXPECT_THAT(bytes.texts, ElementsAre("ab", std::string("c\0d", 3), ""));
  EXPECT_EQ(bytes.dtype, "bytes (|S3)");
}

TEST(NpyReader, ReadsScalarsEmptyArraysAndFormatVersions2And3) {
  TempDir dir;
  ASSERT_TRUE(
      npy_python(dir,
                 "np.save('scalar.npy', np.float64(2.5))\n"
                 "np.save('empty.npy', np.zeros((0, 3), dtype='<f4'))\n"
                 "for v in (2, 3):\n"
                 "    with open(f'v{v}.npy', 'wb') as f:\n"
                 "        np.lib.format.write_array(f, np.array([[1, 2], [3, 4]], dtype='<i2'), version=(v, 0))"));
  const NumericArray scalar = read_npy(dir.file("scalar.npy"));
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_EQ(scalar.size(), 1);
  EXPECT_THAT(scalar.numbers, ElementsAre(2.5));
  const NumericArray empty = read_npy(dir.file("empty.npy"));
  EXPECT_THAT(empty.shape, ElementsAre(0, 3));
  EXPECT_EQ(empty.size(), 0);
  EXPECT_TRUE(empty.numbers.empty());
  for (const char* name : {"v2.npy", "v3.npy"}) {
    ASSERT_EQ(file_contents(dir.file(name))[6], name[1] - '0');
    const NumericArray array = read_npy(dir.file(name));
    EXPECT_THAT(array.shape, ElementsAre(2, 2));
    EXPECT_THAT(array.numbers, ElementsAre(1, 2, 3, 4));
  }
}

TEST(NpyReader, ParsesHeadersInAnyKeyOrderAndSpacing) {
  const NumericArray reordered =
      parse_npy(npy_handmade(" { \"shape\" :( 3 , ) ,'fortran_order':False,'descr':'|u1'}  \n", "\x01\x02\xff"), "a");
  EXPECT_THAT(reordered.shape, ElementsAre(3));
  EXPECT_THAT(reordered.numbers, ElementsAre(1, 2, 255));
  // Python 2 wrote long integers with an L.
  const NumericArray python2 = parse_npy(npy_handmade("{'descr': '<i2', 'fortran_order': False, 'shape': (2L, 1L), }\n",
                                                      std::string("\x05\x00\xfe\xff", 4)),
                                         "b");
  EXPECT_THAT(python2.shape, ElementsAre(2, 1));
  EXPECT_THAT(python2.numbers, ElementsAre(5, -2));
  const int16_t native[2] = {-300, 7};
  const NumericArray native_order =
      parse_npy(npy_handmade("{'descr': '=i2', 'fortran_order': False, 'shape': [2]}",
                             std::string(reinterpret_cast<const char*>(native), sizeof native)),
                "c");
  EXPECT_THAT(native_order.numbers, ElementsAre(-300, 7));
  EXPECT_EQ(native_order.origin, "c");
}

struct BadNpy {
  std::string bytes;
  std::string message;
};

void PrintTo(const BadNpy& bad, std::ostream* out) { *out << '"' << bad.message << '"'; }

class NpyReaderRejects : public ::testing::TestWithParam<BadNpy> {};

TEST_P(NpyReaderRejects, NamingTheOriginAndTheExpectation) {
  EXPECT_THAT(error_of([] { parse_npy(GetParam().bytes, "X.npy"); }),
              AllOf(StartsWith("X.npy: "), HasSubstr(GetParam().message)));
}

const std::string npy_f8_header = "{'descr': '<f8', 'fortran_order': False, 'shape': ";

INSTANTIATE_TEST_SUITE_P(
    BadInput, NpyReaderRejects,
    ::testing::Values(
        BadNpy{"PK\x03\x04 not numpy", "not a .npy file"}, BadNpy{"\x93NUMPY\x01", "truncated in the .npy preamble"},
        BadNpy{std::string("\x93NUMPY\x04\x00\x00\x00", 10), "format version 4.0, expected 1.0, 2.0 or 3.0"},
        BadNpy{npy_handmade(npy_f8_header + "(4,)}", "").substr(0, 30), "truncated: the .npy header is"},
        BadNpy{npy_handmade(npy_f8_header + "(4,)}", std::string(16, '\0')),
               "header says shape (4,) of <f8 = 32 bytes, but 16 bytes follow"},
        BadNpy{npy_handmade(npy_f8_header + "(1,)}", std::string(9, '\0')),
               "header says shape (1,) of <f8 = 8 bytes, but 9 bytes follow"},
        BadNpy{npy_handmade(npy_f8_header + "(4294967296, 4294967296, 4294967296)}", ""), "too large to be real"},
        BadNpy{npy_handmade(npy_f8_header + "(-1, 2)}", ""), "'shape' holds -1, expected sizes of 0 or more"},
        BadNpy{npy_handmade(npy_f8_header + "(99999999999999999999,)}", ""), "an integer too large to be real"},
        BadNpy{npy_handmade("{'descr': '<f8', 'shape': (1,)}", std::string(8, '\0')), "has no 'fortran_order'"},
        BadNpy{npy_handmade("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)", ""),
               "unreadable .npy header at character"},
        BadNpy{npy_handmade("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,)}", ""), "unknown name 'Maybe'"},
        BadNpy{npy_handmade("{'descr': '<f8', 'fortran_order': False, 'shape': " + std::string(100, '(') + "}", ""),
               "nested too deeply"},
        BadNpy{npy_handmade("{'descr': '<U1', 'fortran_order': False, 'shape': (1,)}", std::string("\0\0\x11\0", 4)),
               "element 0 holds 0x110000, which is not a Unicode character"},
        BadNpy{npy_handmade("{'descr': '<f16', 'fortran_order': False, 'shape': (1,)}", std::string(16, '\0')),
               "dtype '<f16', which is not read"}));

TEST(NpyReader, RefusesObjectStructuredComplexAndDateArraysSayingHowToResave) {
  TempDir dir;
  ASSERT_TRUE(npy_python(dir,
                         "np.save('object.npy', np.array([1, 'a', None], dtype=object))\n"
                         "np.save('fields.npy', np.zeros(3, dtype=[('a', '<f4'), ('b', '<i4')]))\n"
                         "np.save('complex.npy', np.ones(2, dtype='<c16'))\n"
                         "np.save('dates.npy', np.zeros(2, dtype='<M8[D]'))"));
  EXPECT_THAT(error_of([&] { read_npy(dir.file("object.npy")); }),
              AllOf(StartsWith(dir.file("object.npy") + ": an object array"), HasSubstr("arr.astype(str)")));
  EXPECT_THAT(error_of([&] { read_npy(dir.file("fields.npy")); }),
              AllOf(HasSubstr("fields.npy: a structured array"), HasSubstr("save each field as its own array")));
  EXPECT_THAT(error_of([&] { read_npy(dir.file("complex.npy")); }),
              HasSubstr("complex.npy: complex numbers (dtype <c16)"));
  EXPECT_THAT(error_of([&] { read_npy(dir.file("dates.npy")); }),
              HasSubstr("dates.npy: dtype '<M8[D]', which is not read"));
}

TEST(NpyReader, NamesATruncatedOrMissingFile) {
  TempDir dir;
  ASSERT_TRUE(npy_python(dir, "np.save('x.npy', np.arange(30, dtype='<f4').reshape(10, 3))"));
  const std::string whole = file_contents(dir.file("x.npy"));
  const std::string cut = dir.write("cut.npy", whole.substr(0, whole.size() - 20));
  EXPECT_EQ(error_of([&] { read_npy(cut); }),
            cut + ": header says shape (10, 3) of <f4 = 120 bytes, but 100 bytes follow");
  EXPECT_EQ(error_of([&] { read_npy(dir.file("none.npy")); }), dir.file("none.npy") + ": no such file");
}

TEST(NpzReader, ReadsStoredAndCompressedArchivesInArchiveOrder) {
  TempDir dir;
  ASSERT_TRUE(npy_python(dir,
                         "arrays = dict(y=np.array([3, 1], dtype='<i8'), X=np.arange(6, dtype='>f4').reshape(2, 3),\n"
                         "              names=np.array(['up', 'down']))\n"
                         "np.savez('stored.npz', **arrays)\n"
                         "np.savez_compressed('packed.npz', **arrays)"));
  for (const char* name : {"stored.npz", "packed.npz"}) {
    SCOPED_TRACE(name);
    const std::string path = dir.file(name);
    const auto arrays = read_npz(path);
    ASSERT_EQ(arrays.size(), 3u);
    EXPECT_EQ(arrays[0].first, "y");
    EXPECT_THAT(arrays[0].second.numbers, ElementsAre(3, 1));
    EXPECT_EQ(arrays[1].first, "X");
    EXPECT_THAT(arrays[1].second.shape, ElementsAre(2, 3));
    EXPECT_THAT(arrays[1].second.numbers, ElementsAre(0, 1, 2, 3, 4, 5));
    EXPECT_EQ(arrays[1].second.origin, path + ":X");
    EXPECT_THAT(arrays[2].second.texts, ElementsAre("up", "down"));
    EXPECT_EQ(parse_npz(file_contents(path), "data.npz")[1].second.origin, "data.npz:X");
  }
}

TEST(NpzReader, ReadsZip64Records) {
  TempDir dir;
  // A tiny ZIP64 limit makes Python write what it writes for arrays over
  // 2 GiB: zip64 sizes and offsets and the zip64 end of central directory.
  ASSERT_TRUE(npy_python(dir,
                         "import zipfile\n"
                         "zipfile.ZIP64_LIMIT = 8\n"
                         "np.savez('big.npz', a=np.arange(5, dtype='<i4'), b=np.array(['x', 'yy']))\n"
                         "assert b'PK\\x06\\x06' in open('big.npz', 'rb').read()"));
  const auto arrays = read_npz(dir.file("big.npz"));
  ASSERT_EQ(arrays.size(), 2u);
  EXPECT_THAT(arrays[0].second.numbers, ElementsAre(0, 1, 2, 3, 4));
  EXPECT_THAT(arrays[1].second.texts, ElementsAre("x", "yy"));
}

TEST(NpzReader, RejectsDamagedArchivesNamingFileAndProblem) {
  TempDir dir;
  ASSERT_TRUE(npy_python(dir,
                         "np.savez('good.npz', X=np.full(16, 7, dtype='u1'), y=np.arange(2))\n"
                         "np.save('plain.npy', np.arange(2))\n"
                         "import zipfile\n"
                         "with zipfile.ZipFile('other.npz', 'w') as z: z.writestr('notes.txt', 'hello')"));
  const std::string good = file_contents(dir.file("good.npz"));
  std::string flipped = good;
  const size_t sevens = flipped.find(std::string(16, '\x07'));
  ASSERT_NE(sevens, std::string::npos);
  flipped[sevens + 3] = '\x08';
  const std::string damaged = dir.write("damaged.npz", flipped);
  EXPECT_THAT(read_npz(dir.file("good.npz"))[0].second.numbers,
              ElementsAre(7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7));
  EXPECT_THAT(error_of([&] { read_npz(damaged); }),
              AllOf(StartsWith(damaged + ":X: CRC-32 0x"), HasSubstr("(the archive is damaged)")));

  const std::string cut = dir.write("cut.npz", good.substr(0, good.size() - 30));
  EXPECT_EQ(error_of([&] { read_npz(cut); }),
            cut + ": truncated or damaged: a ZIP archive without its end of central directory record");
  const std::string text = dir.write("text.npz", std::string(40, 'x'));
  EXPECT_THAT(error_of([&] { read_npz(text); }),
              StartsWith(text + ": not an .npz file (no ZIP end of central directory"));
  EXPECT_THAT(error_of([&] { read_npz(dir.file("plain.npy")); }), HasSubstr("plain.npy: a .npy file, not an .npz"));
  EXPECT_THAT(error_of([&] { read_npz(dir.file("other.npz")); }),
              HasSubstr("other.npz: member 'notes.txt' is not a .npy array"));
  std::string misplaced = good;
  const size_t directory = misplaced.rfind("PK\x01\x02");
  ASSERT_NE(directory, std::string::npos);
  misplaced[directory + 42] = '\x40';  // the last member's local header offset
  EXPECT_THAT(error_of([&] { parse_npz(misplaced, "m.npz"); }), StartsWith("m.npz: damaged ZIP archive: "));
}

// The arguments of `sigvit convert npy` with the defaults filled in.
ConverterArguments npy_arguments(const std::map<std::string, std::string>& given = {}) {
  ConverterRegistry registry;
  registry.add(npy_converter_spec());
  return registry.arguments("npy", given);
}

TEST(NpyConverter, ReadsKerasStylePerSplitArraysOfOneArchive) {
  TempDir dir;
  ASSERT_TRUE(
      npy_python(dir,
                 "np.savez_compressed('mnist.npz',\n"
                 "    x_train=np.arange(24, dtype='u1').reshape(4, 2, 3), y_train=np.array([0, 2, 1, 2], 'u1'),\n"
                 "    x_test=np.arange(12, dtype='u1').reshape(2, 2, 3), y_test=np.array([1, 0], 'u1'))"));
  const std::string path = dir.file("mnist.npz");
  const DatasetContent content = convert_npy({path}, npy_arguments({{"kind", "image2d"}}));
  EXPECT_EQ(content.info.kind, DatasetKind::image2d);
  EXPECT_THAT(content.info.class_names, ElementsAre("0", "1", "2"));
  EXPECT_EQ(content.info.source, "NumPy files: " + path);
  ASSERT_EQ(content.splits.size(), 2u);
  EXPECT_EQ(content.splits[0].name, "train");
  EXPECT_THAT(content.splits[0].case_shape, ElementsAre(1, 2, 3));
  EXPECT_THAT(content.splits[0].labels, ElementsAre(0, 2, 1, 2));
  EXPECT_EQ(content.splits[1].name, "test");
  EXPECT_THAT(content.splits[1].labels, ElementsAre(1, 0));
  EXPECT_EQ(content.splits[1].float32_values[11], 11.0f);
  ASSERT_FALSE(content.notes.empty());
  EXPECT_EQ(content.notes[0], path + ": x_train/y_train -> train");
  EXPECT_EQ(content.notes[1], path + ": x_test/y_test -> test");
}

TEST(NpyConverter, DrawsATestSplitFromOneArchiveOfXAndY) {
  TempDir dir;
  ASSERT_TRUE(npy_python(dir,
                         "np.savez('all.npz', X=np.arange(40, dtype='<f8').reshape(8, 5),\n"
                         "         y=np.array(['a', 'b'] * 4))"));
  const DatasetContent content =
      convert_npy({dir.file("all.npz")}, npy_arguments({{"split-fraction", "0.5"}, {"seed", "3"}}));
  EXPECT_THAT(content.info.class_names, ElementsAre("a", "b"));
  ASSERT_EQ(content.splits.size(), 2u);
  EXPECT_EQ(content.splits[0].name, "train");
  EXPECT_EQ(content.splits[1].name, "test");
  EXPECT_EQ(content.splits[0].num_cases() + content.splits[1].num_cases(), 8);
  EXPECT_THAT(content.splits[0].case_shape, ElementsAre(1, 5));
  EXPECT_EQ(content.notes[0], dir.file("all.npz") + ": X/y -> train");
}

TEST(NpyConverter, PairsNpyFilesXThenYPerSplit) {
  TempDir dir;
  ASSERT_TRUE(npy_python(dir,
                         "np.save('X_train.npy', np.arange(24, dtype='>i4').reshape(3, 2, 4))\n"
                         "np.save('y_train.npy', np.array(['run', 'walk', 'run']))\n"
                         "np.save('X_test.npy', np.asfortranarray(np.arange(8, dtype='<f4').reshape(1, 2, 4)))\n"
                         "np.save('y_test.npy', np.array(['walk']))"));
  const std::vector<std::string> inputs{dir.file("X_train.npy"), dir.file("y_train.npy"), dir.file("X_test.npy"),
                                        dir.file("y_test.npy")};
  const DatasetContent content = convert_npy(inputs, npy_arguments());
  EXPECT_EQ(content.info.kind, DatasetKind::signal1d);
  EXPECT_THAT(content.info.class_names, ElementsAre("run", "walk"));
  ASSERT_EQ(content.splits.size(), 2u);
  EXPECT_THAT(content.splits[0].case_shape, ElementsAre(2, 4));
  EXPECT_THAT(content.splits[0].labels, ElementsAre(0, 1, 0));
  EXPECT_EQ(content.splits[0].float32_values[23], 23.0f);
  EXPECT_EQ(content.splits[1].float32_values, (std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(content.notes[0], inputs[0] + "/" + inputs[1] + " -> train, " + inputs[2] + "/" + inputs[3] + " -> test");
}

TEST(NpyConverter, ReadsOneArchivePerSplitWithNamedArraysAndLengths) {
  TempDir dir;
  ASSERT_TRUE(
      npy_python(dir,
                 "np.savez('train.npz', signals=np.ones((2, 4), '<f4'), labels=np.array([1, 0]),\n"
                 "         valid=np.array([4, 2]))\n"
                 "np.savez('test.npz', signals=np.ones((1, 4), '<f4'), labels=np.array([1]), valid=np.array([3]))"));
  const DatasetContent content = convert_npy({dir.file("train.npz"), dir.file("test.npz")},
                                             npy_arguments({{"x", "signals"}, {"y", "labels"}, {"lengths", "valid"}}));
  ASSERT_EQ(content.splits.size(), 2u);
  EXPECT_THAT(content.splits[0].lengths, ElementsAre(4, 2));
  EXPECT_THAT(content.splits[1].lengths, ElementsAre(3));
  EXPECT_THAT(content.notes[0], HasSubstr("train.npz: signals/labels/valid -> train"));
  EXPECT_THAT(content.notes[1], HasSubstr("test.npz: signals/labels/valid -> test"));
}

TEST(NpyConverter, RejectsMissingArraysAndUnknownLayouts) {
  TempDir dir;
  ASSERT_TRUE(npy_python(dir,
                         "np.savez('other.npz', a=np.zeros((2, 3)), b=np.zeros(2))\n"
                         "np.savez('half.npz', X=np.zeros((2, 3)), labels=np.zeros(2))\n"
                         "np.savez('nontrain.npz', X_test=np.zeros((2, 3)), y_test=np.zeros(2))\n"
                         "np.save('X.npy', np.zeros((2, 3)))"));
  EXPECT_THAT(error_of([&] { convert_npy({dir.file("other.npz")}, npy_arguments()); }),
              AllOf(HasSubstr("other.npz: no array 'X' (--x names the cases), nor X_train and X_test"),
                    HasSubstr("it holds: a, b")));
  EXPECT_THAT(error_of([&] { convert_npy({dir.file("half.npz")}, npy_arguments()); }),
              HasSubstr("half.npz: no labels 'y' for X (--y names them); it holds: X, labels"));
  EXPECT_THAT(error_of([&] { convert_npy({dir.file("nontrain.npz")}, npy_arguments()); }),
              HasSubstr("nontrain.npz: per-split arrays need both X_train and X_test"));
  EXPECT_THAT(error_of([&] {
                convert_npy({dir.file("X.npy"), dir.file("X.npy"), dir.file("X.npy")}, npy_arguments());
              }),
              StartsWith("npy: expected DATA.npz"));
  EXPECT_THAT(error_of([&] {
                convert_npy({dir.file("X.npy"), dir.file("other.npz")}, npy_arguments());
              }),
              StartsWith("npy: expected DATA.npz"));
  EXPECT_THAT(error_of([&] {
                convert_npy({dir.file("X.npy"), dir.file("X.npy")}, npy_arguments({{"lengths", "valid"}}));
              }),
              HasSubstr("--lengths names an array of an .npz archive"));
}

}  // namespace
}  // namespace sigvit
