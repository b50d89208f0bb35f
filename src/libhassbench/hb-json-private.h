/* hb-json-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Home Assistant's context object: {id (or null), parent_id: null, user_id: null}. */
JsonObject *_hb_json_context_new (const char *context_id);

/* "a string", "an integer", "an object", ...: a value's JSON type, for error messages. */
const char *_hb_json_type_name    (JsonNode   *node);

G_END_DECLS
