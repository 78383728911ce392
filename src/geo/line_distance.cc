#include "geo/line_distance.h"
