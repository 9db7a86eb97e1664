// Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev: the CommonMark reference parser
// with GitHub's tables, strikethrough and autolinks.
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
