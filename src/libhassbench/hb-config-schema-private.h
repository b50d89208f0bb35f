/* hb-config-schema-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "hb-config-schema.h"

G_BEGIN_DECLS

/*
 * Deep copies that share nothing with the original. json_node_copy() (and so
 * hb_json_object_copy()) shares each scalar's JsonValue, whose reference count is not
 * atomic: a copy made from class-level data (schema defaults, the class manifest) and
 * freed in another thread would race with every other copy. These build fresh values.
 */
JsonNode   *_hb_config_schema_copy_node   (JsonNode   *node);
JsonObject *_hb_config_schema_copy_object (JsonObject *object);

G_END_DECLS
