/* hb-predicate-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "hb-predicate.h"

G_BEGIN_DECLS

/* Structural equality, for if_exists=skip; custom functions compare by function and data. */
gboolean _hb_predicate_equal (HbPredicate *a,
                              HbPredicate *b);

G_END_DECLS
