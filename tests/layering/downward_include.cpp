// A layer may include from the layers below it: this must compile.
#include "config/config_node.h"
#include "data/format/dataset_layout.h"
#include "data/load/seeded_random.h"
