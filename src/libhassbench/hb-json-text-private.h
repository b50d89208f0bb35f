/* hb-json-text-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * JSON text as the scenario and step parsers need it, next to json-glib:
 *
 *  - json-glib 1.6 is lenient (single quotes, comments, leading zeros, trailing garbage,
 *    integers that silently wrap) and recursive without a depth limit, and it has no strict
 *    mode. _hb_json_text_check() is a strict RFC 8259 checker with positions that runs
 *    before json-glib ever sees the text.
 *  - JsonNode carries no positions, so an error found while reading the tree (a JSON path)
 *    is turned into line:column by walking the text again: _hb_json_text_locate().
 *  - json-glib 1.6 writes doubles with %.17g (0.1 becomes 0.10000000000000001) and
 *    integral doubles without a fraction on some paths, so files would not read back as
 *    they were written. _hb_json_text_write() writes the shortest text that reads back as
 *    the same value and type.
 *
 * JSON paths look like `steps[3].new_value` or `app.config["odd key"]`.
 */

#define HB_JSON_TEXT_MAX_DEPTH 256

/* Returns FALSE with the 1-based @line and @column and a message on bad text. */
gboolean  _hb_json_text_check    (const char  *text,
                                  gsize        length,
                                  int         *line,
                                  int         *column,
                                  char       **message);
/* Where the value at @path starts; FALSE when the path is not in the text. */
gboolean  _hb_json_text_locate   (const char  *text,
                                  gsize        length,
                                  const char  *path,
                                  int         *line,
                                  int         *column);
/* @indent: spaces per level; 0 writes one line ("a, b", "k: v"), -1 compact ("a,b", "k:v").
 * @inline_depth: nesting depth from which containers go on one line (-1: never). */
void      _hb_json_text_write    (GString     *out,
                                  JsonNode    *node,
                                  int          indent,
                                  int          inline_depth);
void      _hb_json_text_append_string (GString    *out,
                                       const char *str);
void      _hb_json_text_append_double (GString    *out,
                                       double      value);
/* Appends `.key` (or `["key"]` when the key is not a plain identifier) to a path. */
void      _hb_json_path_append_key    (GString    *path,
                                       const char *key);
void      _hb_json_path_append_index  (GString    *path,
                                       guint       index);
/* The length of the JSON path @message starts with when it is "PATH: ...", else 0. */
gsize     _hb_json_path_prefix_length (const char *message);
/* A deep copy (json_node_copy() shares objects and arrays). NULL in, NULL out. */
JsonNode *_hb_json_node_dup      (JsonNode    *node);
/* Parses @text after checking it strictly. Errors are HB_SCENARIO_ERROR_SYNTAX
 * "LINE:COL: message". */
JsonNode *_hb_json_text_parse    (const char  *text,
                                  gssize       length,
                                  GError     **error);

G_END_DECLS
