/* hb-light-group.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <hassbench.h>

G_BEGIN_DECLS

/*
 * HbLightGroup (type name "LightGroupApp"): when light.turn_on is called for the primary
 * light, turns the accent light on too, copying brightness and color_temp when given.
 *
 * Config: primary_light (entity id, light.living_room_main), accent_light (entity id,
 * light.living_room_accent), primary_glob (string, "": match primary_light exactly;
 * otherwise a glob on service_data.entity_id). Listener "primary_light_on".
 */

#define HB_TYPE_LIGHT_GROUP (hb_light_group_get_type ())
G_DECLARE_FINAL_TYPE (HbLightGroup, hb_light_group, HB, LIGHT_GROUP, HbApp)

G_END_DECLS
