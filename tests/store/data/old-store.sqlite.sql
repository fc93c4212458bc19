BEGIN TRANSACTION;
CREATE TABLE activities (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	"key" VARCHAR(64) NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	spec JSON NOT NULL, 
	state VARCHAR(12) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (session_id, position), 
	FOREIGN KEY(session_id) REFERENCES sessions (id) ON DELETE CASCADE
);
INSERT INTO "activities" VALUES(1,1,0,'q1','single_choice','{"id": "q1", "kind": "single_choice", "options": [{"id": "yes"}, {"id": "no"}]}','closed');
INSERT INTO "activities" VALUES(2,1,1,'q2','short_text','{"id": "q2", "kind": "short_text"}','closed');
INSERT INTO "activities" VALUES(3,1,2,'q3','ranking','{"id": "q3", "kind": "ranking"}','closed');
INSERT INTO "activities" VALUES(4,2,0,'q1','single_choice','{"id": "q1", "kind": "single_choice", "options": [{"id": "yes"}, {"id": "no"}]}','closed');
INSERT INTO "activities" VALUES(5,2,1,'q2','short_text','{"id": "q2", "kind": "short_text"}','closed');
INSERT INTO "activities" VALUES(6,2,2,'q3','ranking','{"id": "q3", "kind": "ranking"}','closed');
CREATE TABLE checkins (
	participant_id INTEGER NOT NULL, 
	awareness VARCHAR(12) NOT NULL, 
	PRIMARY KEY (participant_id), 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE
);
INSERT INTO "checkins" VALUES(1,'unsure');
INSERT INTO "checkins" VALUES(4,'unsure');
CREATE TABLE events (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	detail TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES sessions (id) ON DELETE CASCADE
);
INSERT INTO "events" VALUES(1,1,'2026-12-03 09:07:04.209659','created','demo');
INSERT INTO "events" VALUES(2,1,'2026-12-03 09:07:04.227612','open','1');
INSERT INTO "events" VALUES(3,1,'2026-12-03 09:07:04.242396','closed','1');
INSERT INTO "events" VALUES(4,1,'2026-12-03 09:07:04.243280','open','2');
INSERT INTO "events" VALUES(5,1,'2026-12-03 09:07:04.251390','closed','2');
INSERT INTO "events" VALUES(6,1,'2026-12-03 09:07:04.251855','open','3');
INSERT INTO "events" VALUES(7,1,'2026-12-03 09:07:04.269675','closed','3');
INSERT INTO "events" VALUES(8,2,'2026-12-03 09:07:04.305332','created','demo');
INSERT INTO "events" VALUES(9,2,'2026-12-03 09:07:04.313181','open','4');
INSERT INTO "events" VALUES(10,2,'2026-12-03 09:07:04.326175','closed','4');
INSERT INTO "events" VALUES(11,2,'2026-12-03 09:07:04.326648','open','5');
INSERT INTO "events" VALUES(12,2,'2026-12-03 09:07:04.344213','closed','5');
INSERT INTO "events" VALUES(13,2,'2026-12-03 09:07:04.353860','open','6');
INSERT INTO "events" VALUES(14,2,'2026-12-03 09:07:04.373055','closed','6');
CREATE TABLE manual_counts (
	id INTEGER NOT NULL, 
	activity_id INTEGER NOT NULL, 
	option_id VARCHAR(64) NOT NULL, 
	count INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (activity_id, option_id), 
	FOREIGN KEY(activity_id) REFERENCES activities (id) ON DELETE CASCADE
);
INSERT INTO "manual_counts" VALUES(1,1,'yes',4);
INSERT INTO "manual_counts" VALUES(2,1,'no',1);
INSERT INTO "manual_counts" VALUES(3,4,'yes',4);
INSERT INTO "manual_counts" VALUES(4,4,'no',1);
CREATE TABLE moderation (
	response_id INTEGER NOT NULL, 
	status VARCHAR(12) NOT NULL, 
	judged DATETIME NOT NULL, 
	PRIMARY KEY (response_id), 
	FOREIGN KEY(response_id) REFERENCES responses (id) ON DELETE CASCADE
);
INSERT INTO "moderation" VALUES(5,'approved','2026-12-03 09:07:04.249074');
INSERT INTO "moderation" VALUES(14,'approved','2026-12-03 09:07:04.327748');
CREATE TABLE participants (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	key_hash VARCHAR(64) NOT NULL, 
	joined_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (session_id, key_hash), 
	FOREIGN KEY(session_id) REFERENCES sessions (id) ON DELETE CASCADE
);
INSERT INTO "participants" VALUES(1,1,'BCDFGH0000000000000000000000000000000000000000000000000000000000','2026-12-03 09:07:04.217413');
INSERT INTO "participants" VALUES(2,1,'BCDFGH1000000000000000000000000000000000000000000000000000000000','2026-12-03 09:07:04.220028');
INSERT INTO "participants" VALUES(3,1,'BCDFGH2000000000000000000000000000000000000000000000000000000000','2026-12-03 09:07:04.225604');
INSERT INTO "participants" VALUES(4,2,'JKLMNP0000000000000000000000000000000000000000000000000000000000','2026-12-03 09:07:04.306462');
INSERT INTO "participants" VALUES(5,2,'JKLMNP1000000000000000000000000000000000000000000000000000000000','2026-12-03 09:07:04.307189');
INSERT INTO "participants" VALUES(6,2,'JKLMNP2000000000000000000000000000000000000000000000000000000000','2026-12-03 09:07:04.307766');
CREATE TABLE question_votes (
	question_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	PRIMARY KEY (question_id, participant_id), 
	FOREIGN KEY(question_id) REFERENCES questions (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE
);
INSERT INTO "question_votes" VALUES(1,3);
INSERT INTO "question_votes" VALUES(2,6);
CREATE TABLE questions (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	status VARCHAR(12) NOT NULL, 
	answered BOOLEAN NOT NULL, 
	on_screen BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES sessions (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE
);
INSERT INTO "questions" VALUES(1,1,2,'What happens after a referral?','approved',0,0,'2026-12-03 09:07:04.291124');
INSERT INTO "questions" VALUES(2,2,5,'What happens after a referral?','approved',0,0,'2026-12-03 09:07:04.386683');
CREATE TABLE responses (
	id INTEGER NOT NULL, 
	activity_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	value JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (activity_id, participant_id), 
	FOREIGN KEY(activity_id) REFERENCES activities (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE
);
INSERT INTO "responses" VALUES(1,1,1,7,'2026-12-03 09:07:04.227986','2026-12-03 09:07:04.227986');
INSERT INTO "responses" VALUES(2,1,2,'"yes"','2026-12-03 09:07:04.234757','2026-12-03 09:07:04.234757');
INSERT INTO "responses" VALUES(3,1,3,'"yes"','2026-12-03 09:07:04.236020','2026-12-03 09:07:04.236020');
INSERT INTO "responses" VALUES(4,2,1,7,'2026-12-03 09:07:04.243461','2026-12-03 09:07:04.243461');
INSERT INTO "responses" VALUES(5,2,2,'"a worry about ''Sam'' <b>"','2026-12-03 09:07:04.249074','2026-12-03 09:07:04.249074');
INSERT INTO "responses" VALUES(6,2,3,'"a worry about ''Sam'' <b>"','2026-12-03 09:07:04.250262','2026-12-03 09:07:04.250262');
INSERT INTO "responses" VALUES(7,3,1,7,'2026-12-03 09:07:04.252001','2026-12-03 09:07:04.252001');
INSERT INTO "responses" VALUES(8,3,2,'["b", "a"]','2026-12-03 09:07:04.261758','2026-12-03 09:07:04.261758');
INSERT INTO "responses" VALUES(9,3,3,'["b", "a"]','2026-12-03 09:07:04.263364','2026-12-03 09:07:04.263364');
INSERT INTO "responses" VALUES(10,4,4,7,'2026-12-03 09:07:04.313512','2026-12-03 09:07:04.313512');
INSERT INTO "responses" VALUES(11,4,5,'"no"','2026-12-03 09:07:04.314907','2026-12-03 09:07:04.314907');
INSERT INTO "responses" VALUES(12,4,6,'"no"','2026-12-03 09:07:04.316076','2026-12-03 09:07:04.316076');
INSERT INTO "responses" VALUES(13,5,4,7,'2026-12-03 09:07:04.326794','2026-12-03 09:07:04.326794');
INSERT INTO "responses" VALUES(14,5,5,'"ok"','2026-12-03 09:07:04.327748','2026-12-03 09:07:04.327748');
INSERT INTO "responses" VALUES(15,5,6,'"ok"','2026-12-03 09:07:04.337508','2026-12-03 09:07:04.337508');
INSERT INTO "responses" VALUES(16,6,4,7,'2026-12-03 09:07:04.354175','2026-12-03 09:07:04.354175');
INSERT INTO "responses" VALUES(17,6,5,'{}','2026-12-03 09:07:04.355603','2026-12-03 09:07:04.355603');
INSERT INTO "responses" VALUES(18,6,6,'{}','2026-12-03 09:07:04.362997','2026-12-03 09:07:04.362997');
CREATE TABLE sessions (
	id INTEGER NOT NULL, 
	code VARCHAR(12) NOT NULL, 
	plan_id VARCHAR(80) NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	status VARCHAR(12) NOT NULL, 
	current INTEGER NOT NULL, 
	state_version INTEGER NOT NULL, 
	tally_version INTEGER NOT NULL, 
	timer_ends_at FLOAT, 
	options JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (code)
);
INSERT INTO "sessions" VALUES(1,'BCDFGH','demo','Workshop BCDFGH','running',0,8,23,NULL,'{"awareness_check": true}','2026-12-03 09:07:04.204399');
INSERT INTO "sessions" VALUES(2,'JKLMNP','demo','Workshop JKLMNP','running',0,8,23,NULL,'{"awareness_check": true}','2026-12-03 09:07:04.300150');
CREATE INDEX ix_events_session ON events (session_id);
CREATE INDEX ix_responses_activity ON responses (activity_id);
CREATE INDEX ix_questions_session ON questions (session_id);
COMMIT;
