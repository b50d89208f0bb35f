/* hb-config-schema.h
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
 * HbConfigSchema: an app's typed configuration: fields with a type, a default (or
 * required), and a description. Validation fills defaults and rejects unknown keys,
 * wrong types and missing required fields with an HB_CONFIG_ERROR naming the field:
 * "1 validation error — field 'motion_sensor': Field required". An integer is accepted
 * for a double field; nothing else is coerced (a string is never a number).
 *
 * Every schema has the built-in fields instance_name (string, "") and log_level
 * (string, "INFO").
 */

#define HB_TYPE_CONFIG_SCHEMA (hb_config_schema_get_type ())
GType hb_config_schema_get_type (void) G_GNUC_CONST;

typedef enum {
  HB_CONFIG_STRING,
  HB_CONFIG_INT,
  HB_CONFIG_DOUBLE,
  HB_CONFIG_BOOLEAN,
  HB_CONFIG_ENTITY_ID,  /* a string that must be "domain.object_id" */
  HB_CONFIG_OBJECT,
  HB_CONFIG_ARRAY,
} HbConfigType;

HbConfigSchema *hb_config_schema_new          (void);
HbConfigSchema *hb_config_schema_ref          (HbConfigSchema  *self);
void            hb_config_schema_unref        (HbConfigSchema  *self);
/**
 * hb_config_schema_add:
 * @default_json: (nullable): the default as JSON text ("300", "\"light.hallway\""); %NULL
 *   makes the field required
 *
 * Adds a field. A bad default is a programming error (critical).
 */
void            hb_config_schema_add          (HbConfigSchema  *self,
                                               const char      *name,
                                               HbConfigType     type,
                                               const char      *default_json,
                                               const char      *description);
guint           hb_config_schema_get_n_fields (HbConfigSchema  *self);
const char     *hb_config_schema_get_field_name (HbConfigSchema *self,
                                                 guint           index);
HbConfigType    hb_config_schema_get_field_type (HbConfigSchema *self,
                                                 guint           index);
/* (transfer none) (nullable): NULL for required fields */
JsonNode       *hb_config_schema_get_field_default (HbConfigSchema *self,
                                                    guint           index);
const char     *hb_config_schema_get_field_description (HbConfigSchema *self,
                                                        guint           index);
const char     *hb_config_type_to_string      (HbConfigType     type);
/**
 * hb_config_schema_validate:
 * @config: (nullable): the given config; %NULL is {}
 *
 * Returns: (transfer full) (nullable): the complete config, defaults filled in
 */
JsonObject     *hb_config_schema_validate     (HbConfigSchema  *self,
                                               JsonObject      *config,
                                               GError         **error);
/* [{name, type, default, required, description}] for the GUI and `hassbench-cli apps` */
JsonArray      *hb_config_schema_to_json      (HbConfigSchema  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HbConfigSchema, hb_config_schema_unref)

G_END_DECLS
