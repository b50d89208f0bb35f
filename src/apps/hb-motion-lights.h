/* hb-motion-lights.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <hassbench.h>

G_BEGIN_DECLS

/*
 * HbMotionLights (type name "MotionLights", app key "motion_lights"): turns a light on
 * when a motion sensor reports "on" and off again off_delay_seconds after it reports
 * "off" (job "motion_lights_off"). Motion coming back cancels the pending off job.
 *
 * Config: motion_sensor (entity id, binary_sensor.hallway_motion), light (entity id,
 * light.hallway), off_delay_seconds (double, 300), split_listeners (boolean, false:
 * one listener "motion_sensor"; true: "motion_on" / "motion_off" with changed_to).
 */

#define HB_TYPE_MOTION_LIGHTS (hb_motion_lights_get_type ())
G_DECLARE_FINAL_TYPE (HbMotionLights, hb_motion_lights, HB, MOTION_LIGHTS, HbApp)

#define HB_MOTION_LIGHTS_JOB_NAME "motion_lights_off"

G_END_DECLS
