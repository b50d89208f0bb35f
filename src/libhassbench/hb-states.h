/* hb-states.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-state.h"

G_BEGIN_DECLS

/*
 * HbStates: the entity state store. A GListModel of HbState in first-seen order; lookups
 * by entity id are O(1). Seeding (hb_states_set) writes directly and fires nothing. The
 * store applies every simulated change, even when timestamps are equal (reference
 * hazard 12 fixed): there is no last_updated comparison.
 *
 * Signals: ::state-changed (entity_id, old HbState or NULL, new HbState or NULL) after
 * every write or removal.
 */

#define HB_TYPE_STATES (hb_states_get_type ())
G_DECLARE_FINAL_TYPE (HbStates, hb_states, HB, STATES, GObject)

HbStates   *hb_states_new         (void);
/* (transfer none) (nullable) */
HbState    *hb_states_lookup      (HbStates    *self,
                                   const char  *entity_id);
/* Like lookup, but a missing entity is HB_ERROR_NOT_FOUND
 * "Entity 'x' not found (not seeded)". (transfer none) */
HbState    *hb_states_get         (HbStates    *self,
                                   const char  *entity_id,
                                   GError     **error);
/* Stores @state, replacing any state of the same entity. */
void        hb_states_set         (HbStates    *self,
                                   HbState     *state);
/* Returns TRUE if the entity existed. */
gboolean    hb_states_remove      (HbStates    *self,
                                   const char  *entity_id);
void        hb_states_clear       (HbStates    *self);
guint       hb_states_get_n_states (HbStates   *self);
/* Sorted entity ids of every state, or of one domain when @domain is not NULL. */
GStrv       hb_states_list_ids    (HbStates    *self,
                                   const char  *domain);

G_END_DECLS
