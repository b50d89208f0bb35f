/* hb-json.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Small JSON helpers shared by the whole library and handy in tests.
 *
 * Values that an app can observe (state attributes, service data, recorded call
 * arguments) are JSON, held as JsonNode / JsonObject. A NULL JsonNode pointer means
 * "missing" (the reference's MISSING sentinel); a node of type JSON_NODE_NULL means null.
 */

/**
 * hb_json_object_from_string:
 * @text: a JSON object in text form, e.g. `{"entity_id": "light.kitchen"}`
 * @error: return location for an error (%HB_ERROR_INVALID_JSON, with line and column)
 *
 * Returns: (transfer full) (nullable): the parsed object
 */
JsonObject *hb_json_object_from_string (const char  *text,
                                        GError     **error);
/**
 * hb_json_from_string:
 * Returns: (transfer full) (nullable): any JSON value parsed from @text
 */
JsonNode   *hb_json_from_string        (const char  *text,
                                        GError     **error);
/**
 * hb_json_from_file:
 * Reads and parses @file. Errors name the file and, for malformed text, the line and
 * column: "states.json:2:26: unexpected '\"'; expected ',' or '}'".
 * Returns: (transfer full) (nullable): the file's JSON value
 */
JsonNode   *hb_json_from_file          (GFile       *file,
                                        GError     **error);
/* Compact, deterministic text (object members in insertion order). */
char       *hb_json_to_string          (JsonNode    *node);
char       *hb_json_object_to_string   (JsonObject  *object);
/* Deep copies; NULL in, NULL out. */
JsonObject *hb_json_object_copy        (JsonObject  *object);
/* Structural equality. Numbers compare by value (1 == 1.0); object member order is ignored. */
gboolean    hb_json_equal              (JsonNode    *a,
                                        JsonNode    *b);
gboolean    hb_json_object_equal       (JsonObject  *a,
                                        JsonObject  *b);
/* A value rendered the way a user reads it: strings without quotes, numbers as JSON. */
char       *hb_json_to_display         (JsonNode    *node);

G_END_DECLS
