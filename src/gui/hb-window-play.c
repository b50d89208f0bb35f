/* hb-window-play.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hb-window-private.h"

/*
 * Play ×N: while playing, the window applies a "step" every tick that moves the clock by
 * the real time that passed, times N, in whole ticks. Everything played is an ordinary
 * step of the session, so a saved scenario or a replay does exactly what was played; the
 * wall clock only decides how many steps there are and how long each is, never what they
 * do. See docs/decisions.md ("Play").
 */

#define PLAY_TICK_USEC (250 * 1000)

enum {
  PROP_PLAYING = 100,
  PROP_PLAY_SPEED,
};

static void
set_playing (HbWindow *self,
             gboolean  playing);
static void
update_status_label (HbWindow *self);

static void
play_apply_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) outcome = hb_session_apply_finish (HB_SESSION (object), result, &error);
  JsonObject *err;

  if (outcome == NULL)
    {
      set_playing (self, FALSE);
      if (error != NULL)
        _hb_window_show_error (self, error->message);
      return;
    }
  if (json_object_get_boolean_member_with_default (outcome, "ok", TRUE))
    return;

  /* A failed step stops the play, at the step that failed. */
  set_playing (self, FALSE);
  err = json_object_get_object_member (outcome, "error");
  _hb_window_show_error (self, err != NULL
                         ? json_object_get_string_member_with_default (err, "message", "")
                         : _("The step failed"));
}

void
_hb_window_play_tick (HbWindow *self,
                      gint64    elapsed_usec)
{
  g_autoptr(JsonObject) step = NULL;
  gint64 ticks;

  if (!self->playing)
    return;
  if (!hb_session_get_loaded (self->session))
    {
      set_playing (self, FALSE);
      return;
    }

  /* While a step runs, real time keeps adding up: the next step covers it. */
  self->play_pending_usec += MAX (elapsed_usec, 0);
  if (hb_session_get_busy (self->session))
    return;
  ticks = self->play_pending_usec / PLAY_TICK_USEC;
  if (ticks == 0)
    return;
  self->play_pending_usec -= ticks * PLAY_TICK_USEC;

  step = json_object_new ();
  json_object_set_string_member (step, "kind", "step");
  json_object_set_double_member (step, "by",
                                 (double) (ticks * PLAY_TICK_USEC * self->play_speed) /
                                 G_USEC_PER_SEC);
  hb_session_apply_async (self->session, step, NULL, play_apply_cb, g_object_ref (self));
}

static gboolean
play_timeout_cb (gpointer user_data)
{
  HbWindow *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 elapsed = now - self->play_last_usec;

  self->play_last_usec = now;
  _hb_window_play_tick (self, elapsed);
  return G_SOURCE_CONTINUE;
}

static void
set_playing (HbWindow *self,
             gboolean  playing)
{
  playing = !!playing && hb_session_get_loaded (self->session);
  if (self->playing == playing)
    return;

  self->playing = playing;
  self->play_pending_usec = 0;
  g_clear_handle_id (&self->play_timeout_id, g_source_remove);
  if (playing && !self->play_manual)
    {
      self->play_last_usec = g_get_monotonic_time ();
      self->play_timeout_id = g_timeout_add (PLAY_TICK_USEC / 1000, play_timeout_cb, self);
    }
  update_status_label (self);
  g_object_notify (G_OBJECT (self), "playing");
}

static void
update_speed_label (HbWindow *self)
{
  g_autofree char *label = g_strdup_printf (_("×%u"), self->play_speed);

  gtk_menu_button_set_label (self->play_speed_button, label);
}

/* Beside the clock: "playing" while playing (the speed button says how fast), else the
 * clock's own frozen or live. Short, as the toolbar has no width to spare. */
static void
update_status_label (HbWindow *self)
{
  if (self->playing)
    gtk_label_set_label (self->frozen_label, _("playing"));
  else
    gtk_label_set_label (self->frozen_label,
                         hb_session_get_clock_frozen (self->session)
                         ? C_("clock", "frozen") : C_("clock", "live"));
}

gboolean
_hb_window_play_get_property (HbWindow *self,
                              guint     prop_id,
                              GValue   *value)
{
  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      return TRUE;

    case PROP_PLAY_SPEED:
      g_value_set_uint (value, self->play_speed);
      return TRUE;

    default:
      return FALSE;
    }
}

gboolean
_hb_window_play_set_property (HbWindow     *self,
                              guint         prop_id,
                              const GValue *value)
{
  switch (prop_id)
    {
    case PROP_PLAYING:
      set_playing (self, g_value_get_boolean (value));
      return TRUE;

    case PROP_PLAY_SPEED:
      if (self->play_speed != g_value_get_uint (value))
        {
          self->play_speed = g_value_get_uint (value);
          update_speed_label (self);
          g_object_notify (G_OBJECT (self), "play-speed");
        }
      return TRUE;

    default:
      return FALSE;
    }
}

/* A drain error (a task failed, maybe outside any step's own outcome) stops the play. */
static void
errors_changed_cb (GListModel *errors,
                   guint       position,
                   guint       removed,
                   guint       added,
                   HbWindow   *self)
{
  if (added > 0)
    set_playing (self, FALSE);
}

static void
loaded_changed_cb (HbSession  *session,
                   GParamSpec *pspec,
                   HbWindow   *self)
{
  gboolean loaded = hb_session_get_loaded (session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.play", loaded);
  if (!loaded)
    set_playing (self, FALSE);
}

/* Travelling (a seek, a replay, a re-run) rebuilds the house under the clock: playing on
 * from wherever it lands would fork the session behind the user's back. */
static void
replaying_changed_cb (HbSession  *session,
                      GParamSpec *pspec,
                      HbWindow   *self)
{
  if (hb_session_get_replaying (session))
    set_playing (self, FALSE);
}

void
_hb_window_play_init (HbWindow *self)
{
  self->play_speed = 1;
  update_speed_label (self);
  g_signal_connect_object (hb_session_get_errors (self->session), "items-changed",
                           G_CALLBACK (errors_changed_cb), self, 0);
  g_signal_connect_object (self->session, "notify::loaded",
                           G_CALLBACK (loaded_changed_cb), self, 0);
  g_signal_connect_object (self->session, "notify::replaying",
                           G_CALLBACK (replaying_changed_cb), self, 0);
  loaded_changed_cb (self->session, NULL, self);
}

void
_hb_window_play_dispose (HbWindow *self)
{
  g_clear_handle_id (&self->play_timeout_id, g_source_remove);
  self->playing = FALSE;
}

void
_hb_window_class_play_init (HbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_object_class_install_property (object_class, PROP_PLAYING,
                                   g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                                                         G_PARAM_READWRITE |
                                                         G_PARAM_EXPLICIT_NOTIFY |
                                                         G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, PROP_PLAY_SPEED,
                                   g_param_spec_uint ("play-speed", NULL, NULL, 1, 600, 1,
                                                      G_PARAM_READWRITE |
                                                      G_PARAM_EXPLICIT_NOTIFY |
                                                      G_PARAM_STATIC_STRINGS));
  /* Stateful actions: a toggle button shows win.play, radio items win.play-speed. */
  gtk_widget_class_install_property_action (widget_class, "win.play", "playing");
  gtk_widget_class_install_property_action (widget_class, "win.play-speed", "play-speed");
}
