#include "geo/contains.h"
