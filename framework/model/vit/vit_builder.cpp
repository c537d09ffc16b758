#include "model/vit/vit_builder.h"

#include "model/api/config_values.h"
#include "sigvit/error.h"

namespace sigvit {

namespace {

EncoderOptions parse_encoder(const ConfigNode& encoder) {
  encoder.expect_keys({"embed_dim", "depth", "num_heads", "mlp_ratio", "qkv_bias", "qk_scale", "drop_rate",
                       "attn_drop_rate", "drop_path_rate", "fused_attention"});
  EncoderOptions options;
  options.embed_dim = read_positive(encoder, "embed_dim", options.embed_dim);
  options.depth = read_positive(encoder, "depth", options.depth);
  options.num_heads = read_positive(encoder, "num_heads", options.num_heads);
  if (options.embed_dim % options.num_heads != 0) {
    encoder.child("num_heads").fail("embed_dim " + std::to_string(options.embed_dim) +
                                    " must be divisible by num_heads " + std::to_string(options.num_heads));
  }
  options.mlp_ratio = encoder.get<double>("mlp_ratio", options.mlp_ratio);
  if (options.mlp_ratio <= 0.0) encoder.child("mlp_ratio").fail("expected a positive number");
  options.qkv_bias = encoder.get<bool>("qkv_bias", options.qkv_bias);
  options.qk_scale = encoder.get_optional<double>("qk_scale");
  options.drop_rate = read_rate(encoder, "drop_rate", 0.0);
  options.attn_drop_rate = read_rate(encoder, "attn_drop_rate", 0.0);
  options.drop_path_rate = read_rate(encoder, "drop_path_rate", 0.0);
  options.fused_attention = encoder.get<bool>("fused_attention", options.fused_attention);
  return options;
}

}  // namespace

VitOptions parse_vit_options(const ConfigNode& model) {
  model.expect_keys({"type", "input_shape", "num_classes", "embedder", "encoder", "pooling", "class_token",
                     "distillation", "representation_size", "position_embedding"});
  VitOptions options;
  options.input_shape = read_input_shape(model, "vit", std::vector<std::string>{"[C, L]", "[C, H, W]"});
  options.num_classes = read_num_classes(model);
  options.encoder = parse_encoder(model.child("encoder"));

  std::string pooling = model.get<std::string>("pooling", "cls");
  if (pooling == "cls") {
    options.pooling = Pooling::cls;
  } else if (pooling == "mean") {
    options.pooling = Pooling::mean;
  } else {
    model.child("pooling").fail("expected 'cls' or 'mean', got '" + pooling + "'");
  }
  options.class_token = model.get<bool>("class_token", true);
  if (options.pooling == Pooling::cls && !options.class_token) {
    model.child("class_token").fail("pooling 'cls' needs class_token: true (or set pooling: mean)");
  }
  options.distillation = model.get<bool>("distillation", false);
  options.representation_size = model.get<int64_t>("representation_size", 0);
  if (options.representation_size < 0) model.child("representation_size").fail("expected >= 0 (0: none)");

  std::string position = model.get<std::string>("position_embedding", "learnable");
  if (position == "learnable") {
    options.position_embedding = PositionEmbeddingKind::learnable;
  } else if (position == "sinusoidal") {
    options.position_embedding = PositionEmbeddingKind::sinusoidal;
  } else if (position == "none") {
    options.position_embedding = PositionEmbeddingKind::none;
  } else {
    model.child("position_embedding").fail("expected 'learnable', 'sinusoidal' or 'none', got '" + position + "'");
  }
  return options;
}

std::shared_ptr<Classifier> build_vision_transformer(const ConfigNode& model, const EmbedderRegistry& embedders) {
  VitOptions options = parse_vit_options(model);
  ConfigNode embedder_node = model.child("embedder");
  if (!embedder_node.is_map()) embedder_node.fail("expected a mapping with at least 'name'");
  EmbedderContext context{options.input_shape, options.encoder.embed_dim};
  auto embedder = embedders.create(embedder_node, context);
  try {
    return std::make_shared<VisionTransformer>(embedder, embedder_node.get<std::string>("name", ""), options);
  } catch (const ConfigError&) {
    throw;
  } catch (const Error& e) {
    model.fail(e.what());
  }
}

}  // namespace sigvit
