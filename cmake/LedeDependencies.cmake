# Finds lede's dependencies. Each missing one stops configuration with the
# Debian package that provides it (scripts/install-deps installs them all).
find_package(PkgConfig QUIET)

# Xapian: its CMake package, else pkg-config xapian-core.
find_package(xapian CONFIG QUIET)
if(XAPIAN_FOUND)
  add_library(lede::xapian INTERFACE IMPORTED)
  set_target_properties(lede::xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
elseif(PKG_CONFIG_FOUND)
  pkg_check_modules(XAPIAN_PC IMPORTED_TARGET xapian-core)
  if(XAPIAN_PC_FOUND)
    add_library(lede::xapian ALIAS PkgConfig::XAPIAN_PC)
  endif()
endif()
if(NOT TARGET lede::xapian)
  message(FATAL_ERROR "Xapian not found: install the Debian package libxapian-dev "
                      "(or run scripts/install-deps)")
endif()

# libstemmer_c: Debian ships no pkg-config file, so look for header and library.
find_path(STEMMER_INCLUDE_DIR libstemmer.h)
find_library(STEMMER_LIBRARY NAMES stemmer)
if(NOT STEMMER_INCLUDE_DIR OR NOT STEMMER_LIBRARY)
  message(FATAL_ERROR "libstemmer_c not found: install the Debian package libstemmer-dev "
                      "(or run scripts/install-deps)")
endif()
add_library(lede::stemmer UNKNOWN IMPORTED)
set_target_properties(lede::stemmer PROPERTIES
  IMPORTED_LOCATION "${STEMMER_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${STEMMER_INCLUDE_DIR}")

# cJSON: its CMake package.
find_package(cJSON CONFIG QUIET)
if(NOT cJSON_FOUND OR NOT TARGET cjson)
  message(FATAL_ERROR "cJSON not found: install the Debian package libcjson-dev "
                      "(or run scripts/install-deps)")
endif()
add_library(lede::cjson INTERFACE IMPORTED)
set_target_properties(lede::cjson PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${CJSON_INCLUDE_DIRS}"
  INTERFACE_LINK_LIBRARIES cjson)

# ICU: pkg-config icu-uc icu-i18n.
if(PKG_CONFIG_FOUND)
  pkg_check_modules(ICU_PC IMPORTED_TARGET icu-uc icu-i18n)
endif()
if(NOT ICU_PC_FOUND)
  message(FATAL_ERROR "ICU not found: install the Debian packages libicu-dev and pkg-config "
                      "(or run scripts/install-deps)")
endif()
add_library(lede::icu ALIAS PkgConfig::ICU_PC)

# libxml2 (its HTML parser reads saved web pages): pkg-config libxml-2.0.
if(PKG_CONFIG_FOUND)
  pkg_check_modules(LIBXML2_PC IMPORTED_TARGET libxml-2.0)
endif()
if(NOT LIBXML2_PC_FOUND)
  message(FATAL_ERROR "libxml2 not found: install the Debian packages libxml2-dev and pkg-config "
                      "(or run scripts/install-deps)")
endif()
add_library(lede::libxml2 ALIAS PkgConfig::LIBXML2_PC)

# GMime 3 (e-mail and mbox, lib/mail.c) and poppler's GLib API (PDF,
# lib/pdf.c): pkg-config gmime-3.0 poppler-glib; both bring GLib.
if(PKG_CONFIG_FOUND)
  pkg_check_modules(GMIME_PC IMPORTED_TARGET gmime-3.0)
  pkg_check_modules(POPPLER_PC IMPORTED_TARGET poppler-glib)
endif()
if(NOT GMIME_PC_FOUND)
  message(FATAL_ERROR "GMime 3 not found: install the Debian packages libgmime-3.0-dev and "
                      "pkg-config (or run scripts/install-deps)")
endif()
if(NOT POPPLER_PC_FOUND)
  message(FATAL_ERROR "poppler-glib not found: install the Debian packages libpoppler-glib-dev "
                      "and pkg-config (or run scripts/install-deps)")
endif()
add_library(lede::gmime ALIAS PkgConfig::GMIME_PC)
add_library(lede::poppler ALIAS PkgConfig::POPPLER_PC)
