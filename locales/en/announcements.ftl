## Announcements.

cmd-notifications = Turn announcements on or off
notifications-on = 🔔 Announcements are on. We write only when the rules change or there is important news.
notifications-off = 🔕 Announcements are off. To turn them on again: /notifications

broadcast-ask-message = 📣 Send the announcement: text, a photo or a document. Cancel: /cancel
broadcast-ask-audience = Who should get it?
broadcast-audience-all = 👥 Everyone
broadcast-cancel = ❌ Cancel
broadcast-cancelled = The announcement was cancelled.
broadcast-confirm = ✅ Send
broadcast-preview =
    👆 This is what people will see.
    Audience: { $audience }. Recipients: { $recipients }. Skipped (blocked the bot): { $skipped }. Turned announcements off (will not get it): { $off }.
broadcast-progress = 📣 Sent { $sent } of { $total }. Blocked the bot: { $blocked }. Skipped before sending: { $skipped }.
broadcast-done =
    ✅ The announcement is sent: delivered { $sent } of { $total }.
    Blocked the bot: { $blocked }. Skipped before sending: { $skipped }. Errors: { $failed }.
    Time: { $seconds } s ({ $rate } messages per second).
announcement-label = 📣 mi-Help announcement
announcement-turn-off = 🔕 Turn off announcements
