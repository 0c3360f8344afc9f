from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "trellis.learning"
    label = "learning"
    verbose_name = "Learning and certification"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from trellis.core.events import describe

        describe(
            {
                "course.created": _("Course created"),
                "course.version_drafted": _("Course version drafted"),
                "course.module_added": _("Module added to a course"),
                "course.module_removed": _("Module taken out of a course"),
                "course.version_described": _("Course title or summary changed"),
                "course.version_published": _("Course version published"),
                "course.enrolled": _("Enrolled in a course"),
                "course.started": _("Course started"),
                "course.module_completed": _("Module completed"),
                "course.completed": _("Course completed"),
                "quiz.submitted": _("Quiz submitted"),
                "scorm.reported": _("SCORM lesson reported progress"),
                "path.created": _("Learning path created"),
                "path.updated": _("Learning path changed"),
                "path.tiers_changed": _("Tiers requiring a learning path changed"),
                "path.step_added": _("Step added to a learning path"),
                "path.step_removed": _("Step taken out of a learning path"),
                "path.step_moved": _("Step of a learning path moved"),
                "certification.created": _("Certification created"),
                "certification.updated": _("Certification changed"),
                "certification.deleted": _("Certification deleted"),
                "certification.earned": _("Certification earned"),
                "certification.revoked": _("Certification revoked"),
                "quiz.attempt_granted": _("Another quiz attempt allowed"),
                "certification.expiring": _("Certification expiring soon"),
                "certification.expired": _("Certification expired"),
            }
        )
