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

/* Whether the predicate looks at the old state (state_from, attr_did_change, comparisons,
 * ...): a transition test rather than a test of where the entity is now. Custom
 * functions cannot tell, so they count as not reading it. */
gboolean _hb_predicate_reads_old_state (HbPredicate *self);

G_END_DECLS
