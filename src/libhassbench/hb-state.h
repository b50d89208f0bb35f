/* hb-state.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-types.h"

G_BEGIN_DECLS

/*
 * HbState: one entity's state, immutable once made (a new state replaces the old one in
 * HbStates). Mirrors Home Assistant's state object: entity_id, state string, attributes,
 * last_changed, last_updated (ISO 8601 strings with offset) and context.
 */

#define HB_TYPE_STATE (hb_state_get_type ())
G_DECLARE_FINAL_TYPE (HbState, hb_state, HB, STATE, GObject)

/**
 * hb_state_new:
 * @entity_id: "domain.object_id"
 * @state: the state string
 * @attributes: (nullable): copied; %NULL means no attributes
 * @last_changed: ISO 8601 with offset
 * @last_updated: (nullable): %NULL means the same as @last_changed
 * @context_id: (nullable): %NULL means none
 */
HbState    *hb_state_new               (const char  *entity_id,
                                        const char  *state,
                                        JsonObject  *attributes,
                                        const char  *last_changed,
                                        const char  *last_updated,
                                        const char  *context_id);
/* Parses Home Assistant's state object; errors name the missing or mistyped field. */
HbState    *hb_state_new_from_json     (JsonObject  *object,
                                        GError     **error);
/* Home Assistant's shape: {entity_id, state, attributes, last_changed, last_updated, context}. */
JsonObject *hb_state_to_json           (HbState     *self);
const char *hb_state_get_entity_id     (HbState     *self);
/* The part before the first dot: "light" for "light.kitchen". */
const char *hb_state_get_domain        (HbState     *self);
const char *hb_state_get_state         (HbState     *self);
/* (transfer none): never NULL; do not modify */
JsonObject *hb_state_get_attributes    (HbState     *self);
/* (transfer none) (nullable): the attribute, or NULL when missing */
JsonNode   *hb_state_get_attribute     (HbState     *self,
                                        const char  *name);
const char *hb_state_get_last_changed  (HbState     *self);
const char *hb_state_get_last_updated  (HbState     *self);
const char *hb_state_get_context_id    (HbState     *self);
/* "friendly_name" when it is a string, else the entity id. */
const char *hb_state_get_display_name  (HbState     *self);
gboolean    hb_state_equal             (HbState     *a,
                                        HbState     *b);

/* TRUE for "domain.object_id" with lower-case letters, digits and underscores. */
gboolean    hb_entity_id_is_valid      (const char  *entity_id);
gboolean    hb_entity_id_validate      (const char  *entity_id,
                                        GError     **error);

G_END_DECLS
