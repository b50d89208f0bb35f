/* hb-condition-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "hb-condition.h"

G_BEGIN_DECLS

/* A value as a user reads it in a reason: 'on' for strings, 42, null, MISSING for NULL. */
char     *_hb_value_describe   (JsonNode    *value);
/* Structural equality (the reference compares frozen conditions by value); custom
 * functions are equal only when function and data are the same. */
gboolean  _hb_condition_equal  (HbCondition *a,
                                HbCondition *b);

G_END_DECLS
