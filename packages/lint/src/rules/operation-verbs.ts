/**
 * Verbs an operationId may start with: the words APIs name actions with (CRUD and queries,
 * lifecycle, messaging, devices and media, accounts, money, files, search), a few hundred of them,
 * so `turnOn`, `dimLight`, `saveDraft`, `pingHost` pass. A word missing here is a finding a
 * project can switch off; an id that starts with a noun (`deliveryGet`, `thingsList`) is the case
 * the rule is for.
 */
export const OPERATION_VERBS: readonly string[] = `
get list search query find count check validate verify test export import download upload fetch read load look lookup
create add register update patch replace upsert set put post delete remove cancel archive unarchive restore purge clear
reset drop destroy erase wipe truncate insert append prepend push pop move copy clone duplicate rename merge split sort
order reorder rank filter group map reduce sum aggregate compute calculate estimate evaluate measure score rate review
schedule reschedule assign unassign reassign release reserve book confirm approve reject accept decline deny allow grant
revoke block unblock ban unban mute unmute hide unhide show display render preview print format parse convert transform
translate encode decode encrypt decrypt hash sign verify compress decompress zip unzip extract pack unpack build compile
deploy undeploy provision deprovision install uninstall configure setup init initialize bootstrap migrate upgrade
downgrade rollback roll rollout promote demote publish unpublish republish release draft save store persist cache
invalidate refresh reload sync resync replicate backup snapshot mirror fork star unstar watch unwatch follow unfollow
like unlike vote upvote downvote pin unpin tag untag label unlabel mark unmark flag unflag bookmark favorite subscribe
subscribeTo unsubscribe notify alert remind warn report track trace log record audit monitor observe inspect diagnose
debug probe ping poll wait sleep wake start stop pause resume restart retry rerun run execute exec invoke call trigger
fire emit dispatch send receive deliver forward redirect route relay broadcast multicast stream pipe proxy tunnel
connect disconnect reconnect attach detach bind unbind link unlink join leave enter exit open close lock unlock seal
unseal freeze unfreeze suspend unsuspend enable disable activate deactivate toggle switch turn flip dim brighten
increase decrease increment decrement raise lower boost throttle limit scale resize rotate crop trim cut paste
complete finish finalize end abort terminate kill expire renew extend shorten reduce expand collapse fold unfold open
on handle process consume produce request reply respond answer ack acknowledge nack claim unclaim submit resubmit
login logout signin signout signup authenticate authorize reauthorize impersonate invite uninvite onboard offboard
enroll unenroll verify reverify recover retrieve transfer pay charge refund bill invoice capture authorize void settle
withdraw deposit top topup redeem apply unapply quote compose plan forecast predict recommend suggest classify detect
recognize identify match compare diff resolve reconcile approve escalate deescalate close reopen resolve comment reply
mention share unshare publish embed generate regenerate issue reissue rotate mint burn lease borrow return ship dispatch
pick drop collect fly land launch park dock undock charge discharge fill empty
`
  .split(/\s+/)
  .filter((verb) => verb.length > 0);
