/* hb-predicate.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-condition.h"
#include "hb-event.h"

G_BEGIN_DECLS

/*
 * HbPredicate: a test on a whole event (the reference's `P` library and `where=`).
 * Composable with all_of / any_of / not. Every constructor taking HbPredicate or
 * HbCondition arguments takes ownership of them (so calls nest without leaks).
 *
 * A predicate may fail (a custom function returning FALSE with an error): the listener is
 * skipped for that event, and the failure is reported as a task error, not swallowed.
 */

#define HB_TYPE_PREDICATE (hb_predicate_get_type ())
GType hb_predicate_get_type (void) G_GNUC_CONST;

/**
 * HbPredicateFunc:
 *
 * Returns: whether the event passes; on failure return %FALSE with @error set
 */
typedef gboolean (*HbPredicateFunc) (HbEvent   *event,
                                     gpointer   user_data,
                                     GError   **error);

/**
 * HbValueSource:
 * @HB_VALUE_STATE_NEW: new_state.state (MISSING when new_state is null)
 * @HB_VALUE_STATE_OLD: old_state.state
 * @HB_VALUE_ATTR_NEW: new_state.attributes[attr]
 * @HB_VALUE_ATTR_OLD: old_state.attributes[attr]
 * @HB_VALUE_SERVICE_DATA: call_service service_data[attr]
 * @HB_VALUE_DATA: the event data member @attr (dotted path: "exception.type")
 */
typedef enum {
  HB_VALUE_STATE_NEW,
  HB_VALUE_STATE_OLD,
  HB_VALUE_ATTR_NEW,
  HB_VALUE_ATTR_OLD,
  HB_VALUE_SERVICE_DATA,
  HB_VALUE_DATA,
} HbValueSource;

HbPredicate *hb_predicate_ref            (HbPredicate   *self);
void         hb_predicate_unref          (HbPredicate   *self);

/* NULL-terminated lists of predicates. */
HbPredicate *hb_predicate_all_of         (HbPredicate   *first,
                                          ...) G_GNUC_NULL_TERMINATED;
HbPredicate *hb_predicate_any_of         (HbPredicate   *first,
                                          ...) G_GNUC_NULL_TERMINATED;
HbPredicate *hb_predicate_not            (HbPredicate   *predicate);
HbPredicate *hb_predicate_new_func       (HbPredicateFunc func,
                                          gpointer        user_data,
                                          GDestroyNotify  destroy,
                                          const char     *description);

/* (transfer none) (nullable): the value a source reads from @event; @attr for ATTR_*,
 * SERVICE_DATA and DATA sources. */
JsonNode    *hb_event_read_value         (HbEvent       *event,
                                          HbValueSource  source,
                                          const char    *attr);

HbPredicate *hb_predicate_value_is       (HbValueSource  source,
                                          const char    *attr,
                                          HbCondition   *condition);
/* Old and new of a state or attribute differ (MISSING counts as a value). */
HbPredicate *hb_predicate_state_did_change (void);
HbPredicate *hb_predicate_attr_did_change  (const char  *attr);
HbPredicate *hb_predicate_is_present     (HbValueSource  source,
                                          const char    *attr);
HbPredicate *hb_predicate_is_missing     (HbValueSource  source,
                                          const char    *attr);
HbPredicate *hb_predicate_state_from     (HbCondition   *condition);
HbPredicate *hb_predicate_state_to       (HbCondition   *condition);
/* @comparison: a two-value condition on (old state, new state) */
HbPredicate *hb_predicate_state_comparison (HbCondition *comparison);
HbPredicate *hb_predicate_attr_from      (const char    *attr,
                                          HbCondition   *condition);
HbPredicate *hb_predicate_attr_to        (const char    *attr,
                                          HbCondition   *condition);
HbPredicate *hb_predicate_attr_comparison (const char   *attr,
                                           HbCondition  *comparison);
/* Globs are validated when the predicate is made. */
HbPredicate *hb_predicate_entity_matches (const char    *entity_glob,
                                          GError       **error);
HbPredicate *hb_predicate_domain_matches (const char    *domain_glob,
                                          GError       **error);
HbPredicate *hb_predicate_service_matches (const char   *service_glob,
                                           GError      **error);
/*
 * Each member of @mapping must hold for service_data: a string containing glob
 * characters is a glob when @auto_glob, anything else is equality. A missing key fails.
 * Use hb_predicate_value_is (HB_VALUE_SERVICE_DATA, key, condition) for conditions.
 */
HbPredicate *hb_predicate_service_data_where (JsonObject *mapping,
                                              gboolean    auto_glob,
                                              GError    **error);

gboolean     hb_predicate_evaluate       (HbPredicate   *self,
                                          HbEvent       *event,
                                          GError       **error);
char        *hb_predicate_describe       (HbPredicate   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HbPredicate, hb_predicate_unref)

G_END_DECLS
