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
/* For items that stand for another row (HbSlotModel's slots) */
void        hb_json_item_set_key     (HbJsonItem  *self,
                                      const char  *key);
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

/*
 * HbTextNeedle: a search text folded to lower case once, so a filter can test many rows
 * without allocating (no per-row copy or case fold). Matching is case-insensitive per
 * character (g_unichar_tolower), as a substring.
 */
typedef struct _HbTextNeedle HbTextNeedle;

/* (nullable): NULL for a NULL or empty @text, which every text contains */
HbTextNeedle *hb_text_needle_new        (const char         *text);
void          hb_text_needle_free       (HbTextNeedle       *self);
/* Whether @self's folded text starts with @prefix's (a NULL @prefix is empty): every
 * text containing @self then contains @prefix too. Both may be NULL. */
gboolean      hb_text_needle_has_prefix (const HbTextNeedle *self,
                                         const HbTextNeedle *prefix);
gboolean      hb_text_needle_match      (const HbTextNeedle *self,
                                         const char         *text);
/* Whether the member at @path, as hb_json_item_dup_text() has it, contains @needle;
 * without a copy when the member is a string. */
gboolean      hb_json_item_match        (HbJsonItem         *self,
                                         const char         *path,
                                         const HbTextNeedle *needle);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HbTextNeedle, hb_text_needle_free)

G_END_DECLS
