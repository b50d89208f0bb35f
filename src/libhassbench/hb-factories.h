/* hb-factories.h
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
 * State builders (the reference's make_*_state_dict). @timestamp: (nullable) an ISO 8601
 * instant for last_changed and last_updated; NULL is the Unix epoch. Device builders add
 * friendly_name from the object id ("living_room" -> "Living Room"); options that are
 * NULL or negative are left out.
 */

/* "Living Room" for "light.living_room". */
char    *hb_friendly_name_from_entity_id (const char *entity_id);
HbState *hb_make_state          (const char  *entity_id,
                                 const char  *state,
                                 JsonObject  *attributes,
                                 const char  *timestamp);
/* @brightness, @color_temp: < 0 to leave out */
HbState *hb_make_light_state    (const char  *entity_id,
                                 const char  *state,
                                 int          brightness,
                                 int          color_temp,
                                 const char  *timestamp);
HbState *hb_make_sensor_state   (const char  *entity_id,
                                 const char  *state,
                                 const char  *unit_of_measurement,
                                 const char  *device_class,
                                 const char  *timestamp);
HbState *hb_make_switch_state   (const char  *entity_id,
                                 const char  *state,
                                 const char  *timestamp);

G_END_DECLS
