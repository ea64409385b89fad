package pics.aed.sessions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/** Approve / reject: row-locked, only from submitted, scoped. */
@QuarkusTest
class ReviewTest {

    private String completedInspection(String serial) {
        String inspector = Tokens.inspector("rev-" + UUID.randomUUID(), Fixtures.SEOUL, Fixtures.JONGNO);
        String id = Fixtures.startedSessionId(inspector, serial);
        return Fixtures.complete(inspector, id, Fixtures.VALID_RESULT)
                .then()
                .statusCode(200)
                .extract()
                .path("inspection.id");
    }

    @Test
    void twoAdminsApprovingAtOnceGiveOneApprovalAndOneConflict() throws Exception {
        String inspection = completedInspection(Fixtures.deviceInJongno());
        String first = Tokens.localAdmin("admin-a", Fixtures.SEOUL, Fixtures.JONGNO);
        String second = Tokens.master("master-b");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (String token : List.of(first, second)) {
            answers.add(pool.submit(() -> {
                go.await();
                return given().auth()
                        .oauth2(token)
                        .post("/api/inspections/" + inspection + "/approve")
                        .statusCode();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        pool.shutdownNow();
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(Database.<String>scalar(
                        "SELECT approval_status FROM inspection.inspections WHERE id = ?::uuid", inspection))
                .isEqualTo("approved");
        // one decision, one event on the topic
        assertThat(pics.aed.testsupport.KafkaEvents.awaitRecords(
                        pics.aed.events.Topics.SESSIONS,
                        e -> "pics.aed.inspection.approved".equals(e.headers().get("ce_type"))
                                && e.value().contains(inspection),
                        1,
                        java.time.Duration.ofSeconds(30)))
                .hasSize(1);
    }

    @Test
    void rejectNeedsAReasonAndIsFinal() {
        String inspection = completedInspection(Fixtures.deviceInJongno());
        String admin = Tokens.localAdmin("admin-r", Fixtures.SEOUL, Fixtures.JONGNO);
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body("{}")
                .post("/api/inspections/" + inspection + "/reject")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body("{\"reason\": \"photos missing\"}")
                .post("/api/inspections/" + inspection + "/reject")
                .then()
                .statusCode(200)
                .body("approvalStatus", equalTo("rejected"))
                .body("rejectionReason", equalTo("photos missing"))
                .body("reviewedBy", equalTo("admin-r"));
        given().auth()
                .oauth2(admin)
                .post("/api/inspections/" + inspection + "/approve")
                .then()
                .statusCode(409)
                .body("from", equalTo("rejected"));
    }

    @Test
    void reviewIsScopedAndRoleBound() {
        String inspection = completedInspection(Fixtures.deviceInJongno());
        given().auth()
                .oauth2(Tokens.localAdmin("busan-admin", Fixtures.BUSAN, Fixtures.HAEUNDAE))
                .post("/api/inspections/" + inspection + "/approve")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(Tokens.regionalAdmin("seoul-regional", Fixtures.SEOUL))
                .post("/api/inspections/" + inspection + "/approve")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(Tokens.inspector("insp", Fixtures.SEOUL, Fixtures.JONGNO))
                .post("/api/inspections/" + inspection + "/approve")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(Tokens.regionalAdmin("seoul-regional", Fixtures.SEOUL))
                .get("/api/inspections/" + inspection)
                .then()
                .statusCode(200)
                .body("approvalStatus", equalTo("submitted"));
        assertThat(Database.<String>scalar(
                        "SELECT approval_status FROM inspection.inspections WHERE id = ?::uuid", inspection))
                .isEqualTo("submitted");
    }
}
