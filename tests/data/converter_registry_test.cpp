#include "data/convert/converter_registry.h"

#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::error_of;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ConverterRegistry, HoldsTheBuiltinFormatsWithTheirOptions) {
  const ConverterRegistry& registry = builtin_converters();
  EXPECT_THAT(registry.formats(), ElementsAre("csv", "edf", "h5", "idx", "mat", "npy", "ucr", "wav"));
  const ConverterSpec& wav = registry.find("wav");
  EXPECT_FALSE(wav.inputs.empty());
  EXPECT_FALSE(wav.description.empty());
  const ConverterArguments defaults = registry.arguments("wav", {});
  EXPECT_EQ(defaults.text("pattern"), "{label}_{speaker}_{index}.wav");
  EXPECT_EQ(defaults.unsigned_integer("seed"), 0u);
  EXPECT_EQ(defaults.text("dtype"), "float32");
  EXPECT_FALSE(defaults.has("length"));
  EXPECT_FALSE(defaults.flag("resample"));
  EXPECT_EQ(registry.arguments("idx", {}).text("dtype"), "uint8");
}

TEST(ConverterRegistry, UnknownFormatSuggestsTheClosestAndListsAll) {
  EXPECT_THAT(error_of([] { builtin_converters().find("wavs"); }),
              HasSubstr("unknown FORMAT 'wavs' (did you mean 'wav'?); formats: csv, edf, h5, idx, mat, npy, ucr, wav"));
}

TEST(ConverterRegistry, AnOptionOfAnotherFormatIsRefusedByName) {
  EXPECT_THAT(error_of([] { builtin_converters().arguments("wav", {{"preset", "mnist"}}); }),
              HasSubstr("--preset does not apply to format wav"));
}

TEST(ConverterRegistry, ArgumentsParseTheirValuesOrNameTheOption) {
  const ConverterArguments given(
      {{"length", "8000"}, {"rate", "0.25"}, {"names", " a, b ,c"}, {"bad", "12x"}, {"negative", "-3"}});
  EXPECT_EQ(given.integer("length"), 8000);
  EXPECT_DOUBLE_EQ(given.number("rate"), 0.25);
  EXPECT_THAT(given.list("names"), ElementsAre("a", "b", "c"));
  EXPECT_THAT(error_of([&] { given.integer("bad"); }), HasSubstr("--bad 12x: expected an integer"));
  EXPECT_THAT(error_of([&] { given.number("names"); }), HasSubstr("--names  a, b ,c: expected a number"));
  EXPECT_THAT(error_of([&] { given.unsigned_integer("negative"); }),
              HasSubstr("--negative -3: expected a non-negative integer"));
  EXPECT_THAT(error_of([&] { given.text("absent"); }), HasSubstr("--absent is required here"));
}

TEST(ConverterRegistry, RefusesAFormatTwiceOrWithoutAFunction) {
  ConverterRegistry registry;
  ConvertFunction nothing = [](const std::vector<std::string>&, const ConverterArguments&) { return DatasetContent{}; };
  registry.add({"mine", "", "", {}, nothing});
  EXPECT_THAT(error_of([&] { registry.add({"mine", "", "", {}, nothing}); }),
              HasSubstr("converter 'mine' is already registered"));
  EXPECT_THAT(error_of([&] { registry.add({"other", "", "", {}, nullptr}); }),
              HasSubstr("converter 'other' was registered without a function"));
}

}  // namespace
}  // namespace sigvit
