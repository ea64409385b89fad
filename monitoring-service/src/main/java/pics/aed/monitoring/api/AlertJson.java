package pics.aed.monitoring.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import pics.aed.monitoring.domain.Alert;
import pics.aed.monitoring.domain.AlertEvaluator.Evaluation;

/** An alert as the HTTP contract "Alerts" shows it. */
public record AlertJson(
        String id,
        String rule,
        String fingerprint,
        String severity,
        String status,
        String summary,
        Map<String, String> labels,
        OffsetDateTime startsAt,
        OffsetDateTime endsAt,
        OffsetDateTime lastEvaluatedAt) {

    static AlertJson of(Alert alert) {
        return new AlertJson(
                alert.id().toString(),
                alert.rule(),
                alert.fingerprint(),
                alert.severity().name(),
                alert.status().name(),
                alert.summary(),
                alert.labels(),
                alert.startsAt(),
                alert.endsAt(),
                alert.lastEvaluatedAt());
    }

    /** The answer of {@code POST /api/cron/monitor}: what the evaluation saw and changed. */
    public record EvaluationJson(
            OffsetDateTime evaluatedAt,
            List<String> rulesEvaluated,
            List<String> rulesFailed,
            List<AlertJson> fired,
            List<AlertJson> resolved,
            int firing) {

        static EvaluationJson of(Evaluation evaluation) {
            return new EvaluationJson(
                    evaluation.evaluatedAt(),
                    evaluation.rulesEvaluated(),
                    evaluation.rulesFailed(),
                    evaluation.fired().stream().map(AlertJson::of).toList(),
                    evaluation.resolved().stream().map(AlertJson::of).toList(),
                    evaluation.firing());
        }
    }
}
