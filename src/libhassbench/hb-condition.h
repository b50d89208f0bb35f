/* hb-condition.h
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
 * HbCondition: a test on one value (the reference's `C` library), or on an old/new pair
 * (a "comparison": increased, decreased, or a custom two-argument function).
 *
 * Values are JsonNode pointers. A NULL pointer is MISSING (absent attribute, null state);
 * a JSON null node is None. State values are JSON strings (the raw state).
 * String conditions (glob, starts_with, ends_with, contains, regex) are FALSE for
 * anything that is not a string. A numeric comparison against a string value converts
 * the string to a number; a conversion failure is FALSE.
 *
 * Refcounted and immutable; safe to share between listeners.
 */

#define HB_TYPE_CONDITION (hb_condition_get_type ())
GType hb_condition_get_type (void) G_GNUC_CONST;

typedef enum {
  HB_COMPARE_EQ,
  HB_COMPARE_NE,
  HB_COMPARE_LT,
  HB_COMPARE_LE,
  HB_COMPARE_GT,
  HB_COMPARE_GE,
} HbCompareOp;

typedef gboolean (*HbConditionFunc)  (JsonNode *value,
                                      gpointer  user_data);
typedef gboolean (*HbComparisonFunc) (JsonNode *old_value,
                                      JsonNode *new_value,
                                      gpointer  user_data);

HbCondition *hb_condition_ref             (HbCondition    *self);
void         hb_condition_unref           (HbCondition    *self);

/* One-value conditions. Constructors that take a pattern validate it. */
HbCondition *hb_condition_equals          (JsonNode       *value);
HbCondition *hb_condition_equals_string   (const char     *value);
HbCondition *hb_condition_glob            (const char     *pattern,
                                           GError        **error);
HbCondition *hb_condition_starts_with     (const char     *prefix);
HbCondition *hb_condition_ends_with       (const char     *suffix);
HbCondition *hb_condition_contains        (const char     *needle);
HbCondition *hb_condition_regex           (const char     *pattern,
                                           GError        **error);
HbCondition *hb_condition_present         (void);
HbCondition *hb_condition_missing         (void);
HbCondition *hb_condition_is_none         (void);
HbCondition *hb_condition_is_not_none     (void);
/* @values: a JSON array; membership by hb_json_equal */
HbCondition *hb_condition_is_in           (JsonArray      *values);
HbCondition *hb_condition_not_in          (JsonArray      *values);
/* The value (an array) shares / does not share an element with @values. */
HbCondition *hb_condition_intersects      (JsonArray      *values);
HbCondition *hb_condition_not_intersects  (JsonArray      *values);
/* The value equals @value, or is an array containing it. */
HbCondition *hb_condition_is_or_contains  (JsonNode       *value);
HbCondition *hb_condition_compare         (HbCompareOp     op,
                                           JsonNode       *value);
HbCondition *hb_condition_compare_number  (HbCompareOp     op,
                                           double          value);
/* @op: one of > < >= <= == != gt lt ge le eq ne; anything else is HB_ERROR_INVALID_ARGUMENT */
gboolean     hb_compare_op_from_string    (const char     *op,
                                           HbCompareOp    *out,
                                           GError        **error);
HbCondition *hb_condition_new_func        (HbConditionFunc func,
                                           gpointer        user_data,
                                           GDestroyNotify  destroy,
                                           const char     *description);

/* Two-value conditions (comparisons), used for `changed`. */
HbCondition *hb_condition_increased       (void);
HbCondition *hb_condition_decreased       (void);
HbCondition *hb_condition_new_comparison_func (HbComparisonFunc func,
                                               gpointer         user_data,
                                               GDestroyNotify   destroy,
                                               const char      *description);

gboolean     hb_condition_is_comparison   (HbCondition    *self);
/* One-value conditions only. */
gboolean     hb_condition_match           (HbCondition    *self,
                                           JsonNode       *value);
/* Comparisons only. */
gboolean     hb_condition_match_change    (HbCondition    *self,
                                           JsonNode       *old_value,
                                           JsonNode       *new_value);
/* "== 'on'", "glob 'light.*'", "increased", ... for logs and the GUI */
char        *hb_condition_describe        (HbCondition    *self);

/* Shell-style glob as fnmatch without flags ('*' also crosses dots); validates brackets. */
gboolean     hb_glob_validate             (const char     *pattern,
                                           GError        **error);
gboolean     hb_glob_match                (const char     *pattern,
                                           const char     *text);
gboolean     hb_glob_is_pattern           (const char     *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HbCondition, hb_condition_unref)

G_END_DECLS
