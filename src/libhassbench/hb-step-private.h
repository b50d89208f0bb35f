/* hb-step-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "hb-step.h"

G_BEGIN_DECLS

/* Parses a step found at JSON path @prefix ("steps[3]"); errors start with the full path
 * of the bad value ("steps[3].new_value: expected a string or null"). */
HbStep     *_hb_step_new_at               (JsonNode    *node,
                                           const char  *prefix,
                                           GError     **error);
/* "set_state, set_states, ..." */
char       *_hb_step_kind_list            (void);
gboolean    _hb_step_parse_duration_node  (JsonNode    *node,
                                           const char  *path,
                                           double      *seconds,
                                           GError     **error);
/* Prefixes *@error with "LINE:COL: " for the JSON path its @message starts with (or the
 * closest enclosing value that is in @text). */
void        _hb_step_locate_error         (const char  *text,
                                           gsize        length,
                                           const char  *message,
                                           GError     **error);
/* (transfer none): the step's own JSON; do not modify */
JsonObject *_hb_step_peek_json            (HbStep      *self);

G_END_DECLS
