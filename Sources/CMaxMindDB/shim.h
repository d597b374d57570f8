// Debian's libmaxminddb (libmaxminddb-dev): MaxMind DB files, for the geoip filter.
#include <maxminddb.h>
