/* hb-json-item.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * HbJsonItem: one row of a live pane (an entity, a task, a job, a call, an event...), as
 * the JSON object the host reported. Rows are updated in place (::notify::data), so a
 * pane does not re-create its rows when a task changes state.
 */

#define HB_TYPE_JSON_ITEM (hb_json_item_get_type ())
G_DECLARE_FINAL_TYPE (HbJsonItem, hb_json_item, HB, JSON_ITEM, GObject)

HbJsonItem *hb_json_item_new         (const char  *key,
                                      JsonObject  *data);
const char *hb_json_item_get_key     (HbJsonItem  *self);
/* (transfer none) */
JsonObject *hb_json_item_get_data    (HbJsonItem  *self);
void        hb_json_item_set_data    (HbJsonItem  *self,
                                      JsonObject  *data);
/* (transfer none) (nullable): the member at a dotted @path ("job.name") */
JsonNode   *hb_json_item_lookup      (HbJsonItem  *self,
                                      const char  *path);
/* The member at @path as text for a cell: strings as is, null/missing as "",
 * other values as compact JSON. (transfer full) */
char       *hb_json_item_dup_text    (HbJsonItem  *self,
                                      const char  *path);

G_END_DECLS
