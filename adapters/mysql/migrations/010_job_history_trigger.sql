-- Every change of a job's state is written to its history by the database itself, in the same
-- statement: a transition is one UPDATE instead of a transaction of two statements.
CREATE TRIGGER jobs_state_history AFTER UPDATE ON jobs FOR EACH ROW BEGIN IF NEW.state <> OLD.state THEN INSERT INTO job_events (job_id, at, state, reason) VALUES (NEW.id, NEW.updated_at, NEW.state, NEW.reason); END IF; END;
