/* The one translation unit of a program that holds the implementation. */
#define _GNU_SOURCE
#define LIBCONTAINER_IMPLEMENTATION
#include "libcontainer.h"
