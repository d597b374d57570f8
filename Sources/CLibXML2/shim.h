// Debian's libxml2 (libxml2-dev): the xml filter's parser, XPath and serializer.
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlsave.h>

// xmlFree is a global function pointer, which Swift 6 will not read from concurrent code.
static inline void sluice_xml_free(void *pointer) { xmlFree(pointer); }
