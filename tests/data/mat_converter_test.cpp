#include "data/convert/mat_converter.h"

#include <matio.h>

#include <fstream>

#include "data/convert/converter_registry.h"
#include "data/sources/mat_file.h"
#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::error_of;
using data_testing::TempDir;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Runs Python `code` in `dir` with numpy as np and scipy.io imported:
// scipy.io.savemat writes the .mat (v5) files MATLAB users hand over.
void mat_python(const TempDir& dir, const std::string& code) {
  ASSERT_TRUE(data_testing::run_python(dir, "import scipy.io, scipy.sparse, numpy as np\n" + code)) << code;
}

const NumericArray& mat_variable(const std::vector<std::pair<std::string, NumericArray>>& variables,
                                 const std::string& name) {
  for (const auto& [variable, array] : variables)
    if (variable == name) return array;
  throw std::runtime_error("no variable " + name);
}

TEST(MatFile, ReadsNumbersRowMajorAndTextsAsMatlabStoresThem) {
  TempDir dir;
  mat_python(dir,
             "scipy.io.savemat('a.mat', {'X': np.arange(24.).reshape(2, 3, 4),"
             " 'S': np.arange(6, dtype=np.float32).reshape(2, 3), 'I': np.array([[-1, 2], [3, -4]], dtype=np.int16),"
             " 'cells': np.array([['walk'], ['run'], ['jump']], dtype=object), 'rows': np.array(['walk', 'run']),"
             " 'column': np.array([[1], [2], [0]]), 'flags': np.array([True, False]), 'word': 'h\\u00e9llo'})");
  const auto variables = read_mat_file(dir.file("a.mat"));
  const NumericArray& x = mat_variable(variables, "X");
  EXPECT_THAT(x.shape, ElementsAre(2, 3, 4));
  EXPECT_EQ(x.dtype, "float64");
  EXPECT_EQ(x.origin, dir.file("a.mat") + ":X");
  for (size_t i = 0; i < 24; ++i) EXPECT_EQ(x.numbers[i], static_cast<double>(i)) << i;  // X(i, j, k) row-major
  EXPECT_EQ(mat_variable(variables, "S").dtype, "float32");
  EXPECT_THAT(mat_variable(variables, "S").numbers, ElementsAre(0, 1, 2, 3, 4, 5));
  EXPECT_EQ(mat_variable(variables, "I").dtype, "int16");
  EXPECT_THAT(mat_variable(variables, "I").numbers, ElementsAre(-1, 2, 3, -4));
  EXPECT_THAT(mat_variable(variables, "cells").shape, ElementsAre(3, 1));
  EXPECT_THAT(mat_variable(variables, "cells").texts, ElementsAre("walk", "run", "jump"));
  EXPECT_THAT(mat_variable(variables, "rows").shape, ElementsAre(2));
  EXPECT_THAT(mat_variable(variables, "rows").texts, ElementsAre("walk", "run"));  // padding trimmed
  EXPECT_THAT(mat_variable(variables, "column").shape, ElementsAre(3, 1));
  EXPECT_THAT(mat_variable(variables, "column").numbers, ElementsAre(1, 2, 0));
  EXPECT_EQ(mat_variable(variables, "flags").dtype, "bool");
  EXPECT_THAT(mat_variable(variables, "flags").numbers, ElementsAre(1, 0));
  EXPECT_THAT(mat_variable(variables, "word").texts, ElementsAre("h\xc3\xa9llo"));
}

TEST(MatFile, SkipsWhatItCannotReadAndSaysWhy) {
  TempDir dir;
  mat_python(dir,
             "scipy.io.savemat('b.mat', {'z': np.array([1 + 2j]), 'sp': scipy.sparse.eye(3), 'st': {'a': 1},"
             " 'mixed': np.array(['a', 1], dtype=object), 'ok': np.ones(2)})");
  std::map<std::string, std::string> skipped;
  const auto variables = read_mat_file(dir.file("b.mat"), &skipped);
  ASSERT_EQ(variables.size(), 1u);
  EXPECT_EQ(variables[0].first, "ok");
  EXPECT_EQ(skipped["z"], "complex numbers, expected real ones");
  EXPECT_EQ(skipped["sp"], "a sparse matrix, expected a numeric, logical, char or cell array");
  EXPECT_EQ(skipped["st"], "a struct, expected a numeric, logical, char or cell array");
  EXPECT_EQ(skipped["mixed"], "a cell array holding a numeric array in cell 2, expected a string in every cell");
}

TEST(MatFile, ReadsV73AndV4FilesAndRefusesOthers) {
  TempDir dir;
  const std::string v73 = dir.file("v73.mat");
  mat_t* file = Mat_CreateVer(v73.c_str(), nullptr, MAT_FT_MAT73);
  ASSERT_NE(file, nullptr);
  double column_major[] = {0, 3, 1, 4, 2, 5};
  size_t dims[] = {2, 3};
  matvar_t* x = Mat_VarCreate("X", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, column_major, 0);
  Mat_VarWrite(file, x, MAT_COMPRESSION_NONE);
  Mat_VarFree(x);
  size_t cell_dims[] = {2, 1};
  matvar_t* cells = Mat_VarCreate("y", MAT_C_CELL, MAT_T_CELL, 2, cell_dims, nullptr, 0);
  char walk[] = "walk", run[] = "run";
  size_t walk_dims[] = {1, 4}, run_dims[] = {1, 3};
  Mat_VarSetCell(cells, 0, Mat_VarCreate(nullptr, MAT_C_CHAR, MAT_T_UINT8, 2, walk_dims, walk, 0));
  Mat_VarSetCell(cells, 1, Mat_VarCreate(nullptr, MAT_C_CHAR, MAT_T_UINT8, 2, run_dims, run, 0));
  Mat_VarWrite(file, cells, MAT_COMPRESSION_NONE);
  Mat_VarFree(cells);
  Mat_Close(file);
  const auto variables = read_mat_file(v73);
  EXPECT_THAT(mat_variable(variables, "X").shape, ElementsAre(2, 3));
  EXPECT_THAT(mat_variable(variables, "X").numbers, ElementsAre(0, 1, 2, 3, 4, 5));
  EXPECT_THAT(mat_variable(variables, "y").texts, ElementsAre("walk", "run"));

  mat_python(dir, "scipy.io.savemat('v4.mat', {'X': np.arange(6.).reshape(2, 3)}, format='4')");
  EXPECT_THAT(mat_variable(read_mat_file(dir.file("v4.mat")), "X").numbers, ElementsAre(0, 1, 2, 3, 4, 5));

  const std::string junk = dir.write("junk.mat", std::string(200, 'x'));
  EXPECT_THAT(error_of([&] { read_mat_file(junk); }),
              HasSubstr("junk.mat: cannot read as a MATLAB .mat file (v4, v5 or v7.3)"));
  EXPECT_THAT(error_of([&] { read_mat_file(dir.file("none.mat")); }), HasSubstr("none.mat: cannot be read"));
}

ConverterArguments mat_arguments(const std::map<std::string, std::string>& given = {}) {
  ConverterRegistry registry;
  registry.add(mat_converter_spec());
  return registry.arguments("mat", given);
}

TEST(MatConverter, TakesPerSplitVariablesWithCellLabels) {
  TempDir dir;
  mat_python(dir,
             "scipy.io.savemat('d.mat', {'X_train': np.arange(20, dtype=np.float32).reshape(4, 5),"
             " 'y_train': np.array([['b'], ['a'], ['b'], ['a']], dtype=object),"
             " 'X_test': -np.arange(10.).reshape(2, 5), 'y_test': np.array(['a', 'b'], dtype=object)})");
  const DatasetContent content = convert_mat({dir.file("d.mat")}, mat_arguments());
  EXPECT_THAT(content.info.class_names, ElementsAre("a", "b"));
  ASSERT_EQ(content.splits.size(), 2u);
  EXPECT_THAT(content.splits[0].case_shape, ElementsAre(1, 5));
  EXPECT_THAT(content.splits[0].labels, ElementsAre(1, 0, 1, 0));
  EXPECT_THAT(
      std::vector<float>(content.splits[0].float32_values.begin() + 5, content.splits[0].float32_values.begin() + 10),
      ElementsAre(5, 6, 7, 8, 9));
  EXPECT_EQ(content.splits[1].float32_values[9], -9);
  EXPECT_THAT(content.notes[0], HasSubstr("d.mat: X_train/y_train -> train"));
}

TEST(MatConverter, SplitsOneFileWithAColumnOfNumericLabels) {
  TempDir dir;
  mat_python(dir,
             "scipy.io.savemat('one.mat', {'X': np.arange(48, dtype=np.int16).reshape(6, 2, 4),"
             " 'y': np.array([[0], [1], [0], [1], [0], [1]], dtype=float)})");
  const DatasetContent content = convert_mat({dir.file("one.mat")}, mat_arguments({{"split-fraction", "0.5"}}));
  EXPECT_THAT(content.info.class_names, ElementsAre("0", "1"));
  ASSERT_EQ(content.splits.size(), 2u);
  EXPECT_THAT(content.splits[0].case_shape, ElementsAre(2, 4));
  EXPECT_EQ(content.splits[0].num_cases() + content.splits[1].num_cases(), 6);
  // Every case's values are 8 consecutive numbers starting at a multiple of 8: X(n, c, l) = 8n + 4c + l.
  for (const SplitData& split : content.splits)
    for (size_t i = 0; i < split.float32_values.size(); ++i)
      EXPECT_EQ(static_cast<int>(split.float32_values[i]) % 8, static_cast<int>(i % 8));
  EXPECT_THAT(content.notes, Contains(HasSubstr("one.mat:y: a [6, 1] matrix of labels read as a vector")));
}

TEST(MatConverter, TakesTrainAndTestFilesAndNamesMissingOrUnreadableVariables) {
  TempDir dir;
  mat_python(dir,
             "scipy.io.savemat('train.mat', {'X': np.ones((2, 3)), 'labels': np.array([1, 2]), 'st': {'a': 1}})\n"
             "scipy.io.savemat('test.mat', {'X': np.zeros((1, 3)), 'labels': np.array([2])})");
  const std::vector<std::string> inputs{dir.file("train.mat"), dir.file("test.mat")};
  const DatasetContent content = convert_mat(inputs, mat_arguments({{"y", "labels"}}));
  EXPECT_THAT(content.info.class_names, ElementsAre("1", "2"));
  EXPECT_THAT(content.splits[1].labels, ElementsAre(1));

  EXPECT_THAT(error_of([&] { convert_mat(inputs, mat_arguments()); }),
              HasSubstr("train.mat: no labels 'y' for X (--y names them); it holds: X, labels, st"));
  EXPECT_THAT(error_of([&] {
                convert_mat(inputs, mat_arguments({{"y", "st"}}));
              }),
              HasSubstr("train.mat: variable 'st' cannot be read: a struct, expected a numeric, logical, char or cell "
                        "array"));
}

}  // namespace
}  // namespace sigvit
