#include "geo/validate.h"
