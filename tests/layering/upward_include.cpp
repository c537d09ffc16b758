// Data never includes a model header: this must not compile (a test expects the failure).
#include "model/api/classifier.h"
